namespace NnUNet.Host;

/// <summary>Process exit codes of <c>nnunet</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input the user can fix (an InvalidInputException): one line on stderr.</summary>
    public const int InvalidInput = 1;

    /// <summary>Unknown command, unknown option or a malformed value.</summary>
    public const int Usage = 2;

    /// <summary>A bug: any other exception, reported in full (EX_SOFTWARE of sysexits.h).</summary>
    public const int InternalError = 70;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
