namespace NnUNet.Core.Conversion;

/// <summary>How a source file (PNG, TIFF) stores one sample; decides the NIfTI type its image is written as.</summary>
public enum SourceSampleType
{
    UInt8,
    Int8,
    UInt16,
    Int16,
    UInt32,
    Int32,
    Float32,
}
