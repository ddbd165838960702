using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Sizes a source header may claim before anything is decoded. A crafted header can claim billions of pixels to
/// exhaust memory (ImageSharp 2.1 has reported flaws with crafted images), so readers check these first.
/// </summary>
public static class SourceImageLimits
{
    /// <summary>Pixels per side: the NIfTI-1 limit (dims are int16), since every image ends up in a NIfTI-1 file.</summary>
    public const int MaxSide = short.MaxValue;

    /// <summary>Pixels of one 2D image or page (2^28, about 1 GiB of float32 per channel).</summary>
    public const long MaxPixelsPerPage = 1L << 28;

    /// <summary>Pages of a stack (the NIfTI-1 limit again).</summary>
    public const int MaxPages = short.MaxValue;

    /// <summary>Samples of a whole file, all channels and pages (2^30, 4 GiB of float32).</summary>
    public const long MaxSamples = 1L << 30;

    /// <summary>Throws naming the file when the claimed size is empty or beyond a limit.</summary>
    public static void Check(string path, long width, long height, long pages, long channels)
    {
        string size = pages > 1 ? $"{pages} pages of {width} x {height}" : $"{width} x {height}";
        if (width < 1 || height < 1 || pages < 1)
            throw new InvalidInputException($"{path}: the header claims an empty image ({size} pixels); the file is corrupt");
        if (width > MaxSide || height > MaxSide)
            throw new InvalidInputException($"{path}: the header claims {size} pixels, beyond the limit of {MaxSide} per side; refused before decoding");
        if (width * height > MaxPixelsPerPage)
            throw new InvalidInputException($"{path}: the header claims {size} pixels, beyond the limit of {MaxPixelsPerPage} pixels per image; refused before decoding");
        if (pages > MaxPages)
            throw new InvalidInputException($"{path}: the header claims {pages} pages, beyond the limit of {MaxPages}; refused before decoding");
        if (width * height * pages * channels > MaxSamples)
            throw new InvalidInputException($"{path}: the header claims {size} pixels of {channels} channel(s), beyond the limit of {MaxSamples} samples; refused before decoding");
    }
}
