namespace NnUNet.Abstractions;

/// <summary>
/// A problem the user can fix: a bad file, a missing case, a wrong option. The host prints only the
/// message (one line naming the file and what is wrong) and exits non-zero, without a stack trace.
/// Plugins throw it for bad input; any other exception is treated as a bug and reported in full.
/// </summary>
public class InvalidInputException : Exception
{
    /// <summary>Creates the error with the line the user will read.</summary>
    public InvalidInputException(string message) : base(message) { }

    /// <summary>Creates the error with the line the user will read and the low-level cause.</summary>
    public InvalidInputException(string message, Exception inner) : base(message, inner) { }
}
