namespace NnUNet.Core.Conversion;

/// <summary>The IHDR chunk of a PNG file (PNG specification §11.2.2).</summary>
/// <param name="Path">The file.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="BitDepth">Bits per sample (or per palette index): 1, 2, 4, 8 or 16.</param>
/// <param name="ColourType">0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGB + alpha.</param>
public sealed record PngHeader(string Path, int Width, int Height, int BitDepth, int ColourType)
{
    public const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, RgbAlpha = 6;

    /// <summary>Colour channels without alpha: 1 for gray, 3 for RGB and palette.</summary>
    public int Channels => ColourType is Gray or GrayAlpha ? 1 : 3;

    public bool HasAlpha => ColourType is GrayAlpha or RgbAlpha;

    /// <summary>16-bit samples are uint16; everything else (palettes included) decodes to uint8.</summary>
    public SourceSampleType SampleType => BitDepth == 16 ? SourceSampleType.UInt16 : SourceSampleType.UInt8;

    public string Describe() => $"{BitDepth}-bit {ColourType switch { Gray => "gray", Rgb => "RGB", Palette => "palette", GrayAlpha => "gray+alpha", _ => "RGBA" }}";

    public SourceImageHeader ToSourceHeader() => new(Path, Channels, [1, Height, Width], SampleType);
}
