using System.Reflection;
using NnUNet.Abstractions;
using NnUNet.Host.Console;

namespace NnUNet.Host;

/// <summary>
/// Runs a command and turns whatever it throws into the right message and exit code: the user's mistakes
/// (InvalidInputException) in one line, cancellation in a short line, anything else as a bug in full.
/// </summary>
public static class ErrorBoundary
{
    public static int Run(IHostConsole console, Func<CancellationToken, int> command, CancellationToken cancellationToken)
    {
        try
        {
            return command(cancellationToken);
        }
        catch (Exception error)
        {
            List<Exception> causes = Causes(error);
            if (causes.Any(c => c is InvalidInputException) && causes.All(c => c is InvalidInputException or OperationCanceledException))
            {
                console.Error(causes.First(c => c is InvalidInputException).Message);
                return ExitCodes.InvalidInput;
            }
            if (cancellationToken.IsCancellationRequested && causes.All(c => c is OperationCanceledException))
            {
                console.Error("cancelled");
                return ExitCodes.Cancelled;
            }
            console.Error($"internal error: {error.GetType().Name}: {error.Message} (this is a bug; please report it with the details below)");
            console.ErrorDetail(error.ToString());
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The exceptions that really happened, looking through aggregates (Parallel.For, tasks) and reflection.</summary>
    static List<Exception> Causes(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.SelectMany(Causes).ToList(),
        TargetInvocationException { InnerException: { } inner } => Causes(inner),
        _ => [error],
    };
}
