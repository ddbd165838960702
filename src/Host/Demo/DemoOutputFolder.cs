using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Host.Demo;

/// <summary>
/// The folder holding every output of a demo run. A folder made by an earlier run (it holds the marker file) is replaced
/// whole; any other non-empty folder is refused, so a mistyped -o never deletes someone's data.
/// </summary>
public static class DemoOutputFolder
{
    public const string MarkerFileName = ".nnunet-demo";
    const string MarkerText = "Made by 'nnunet demo'. The next 'nnunet demo' writing here deletes this folder and everything in it.\n";

    /// <summary>Makes <paramref name="folder"/> empty and marked; throws when it holds anything the demo did not make.</summary>
    public static void Prepare(string folder)
    {
        if (File.Exists(folder)) throw new InvalidInputException($"{folder}: is a file; give the demo a folder with -o DIR");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            if (!File.Exists(Path.Combine(folder, MarkerFileName)))
                throw new InvalidInputException(
                    $"{folder}: not empty and not made by 'nnunet demo' (no {MarkerFileName} in it); choose another folder with -o DIR or empty it");
            // Moved aside first, so the folder name is free at once even if deleting takes a while or fails halfway.
            string aside = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder))!, $".{Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}.old-{Guid.NewGuid():N}");
            Directory.Move(folder, aside);
            Directory.Delete(aside, recursive: true);
        }
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, MarkerFileName), MarkerText);
    }
}
