namespace NnUNet.Core.IO;

/// <summary>
/// Replaces a result folder so that a crash never leaves a half-filled folder where a complete one was: the
/// content is written into a fresh folder beside the target, which then takes the target's place.
/// </summary>
public static class AtomicFolder
{
    /// <summary>
    /// Runs <paramref name="fill"/> on a new empty folder next to <paramref name="target"/>, then swaps it in
    /// (an existing target is removed only after the new folder is complete). On failure the target is untouched.
    /// </summary>
    public static void Replace(string target, Action<string> fill)
    {
        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        string token = $"{Environment.ProcessId}.{Guid.NewGuid():N}";
        string staging = $"{full}.partial.{token}";
        Directory.CreateDirectory(staging);
        try
        {
            fill(staging);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        if (!Directory.Exists(full))
        {
            Directory.Move(staging, full);
            return;
        }
        // Two renames: between them the target is briefly absent, never partial.
        string old = $"{full}.old.{token}";
        Directory.Move(full, old);
        Directory.Move(staging, full);
        TryDelete(old);
    }

    static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
