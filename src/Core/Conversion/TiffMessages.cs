using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace NnUNet.Core.Conversion;

/// <summary>
/// LibTiff.NET reports problems through one process-wide handler that by default prints to the console. This one
/// keeps the last error of the current thread instead, so a reader can put it into the message naming the file,
/// and drops warnings (unknown tags and the like are not the user's problem).
/// </summary>
internal sealed class TiffMessages : TiffErrorHandler
{
    [ThreadStatic] static string? lastError;

    static TiffMessages() => Tiff.SetErrorHandler(new TiffMessages());

    /// <summary>Forgets this thread's last error; the first call installs the handler (static constructor).</summary>
    public static void Reset() => lastError = null;

    /// <summary>The last error LibTiff reported on this thread, or a generic text.</summary>
    public static string LastError => lastError ?? "no details from the TIFF library";

    public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) => Record(format, args);

    public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) => Record(format, args);

    public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

    public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

    static void Record(string format, object[] args)
    {
        try { lastError = string.Format(CultureInfo.InvariantCulture, format, args); }
        catch (FormatException) { lastError = format; }
    }
}
