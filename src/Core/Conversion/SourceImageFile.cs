using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>Reads a source image by its file ending: .png (<see cref="PngFile"/>), .tif / .tiff (<see cref="TiffFile"/>).</summary>
public static class SourceImageFile
{
    public static readonly IReadOnlyList<string> PngEndings = [".png"];
    public static readonly IReadOnlyList<string> TiffEndings = [".tif", ".tiff"];

    /// <summary>Whether the file name ends in one of <paramref name="endings"/> (case-insensitive).</summary>
    public static bool HasEnding(string path, IEnumerable<string> endings) =>
        endings.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The header only: channels, shape and sample type, checked against the size limits.</summary>
    public static SourceImageHeader ReadHeader(string path) =>
        IsPng(path) ? PngFile.ReadHeader(path).ToSourceHeader() : TiffFile.ReadHeader(Tiff(path));

    /// <summary>The decoded samples.</summary>
    public static SourceImage Read(string path) => IsPng(path) ? PngFile.Read(path) : TiffFile.Read(Tiff(path));

    static bool IsPng(string path) => HasEnding(path, PngEndings);

    static string Tiff(string path) => HasEnding(path, TiffEndings)
        ? path
        : throw new InvalidInputException($"{path}: unsupported file type (expected {string.Join(", ", PngEndings.Concat(TiffEndings))})");
}
