namespace NnUNet.Core.Imaging;

/// <summary>Facts about NIfTI datatype codes: which we handle, their size, name and integer range.</summary>
internal static class NiftiDataTypes
{
    /// <summary>Bytes per voxel of a supported type, or 0 for a code we do not read.</summary>
    public static int BytesPerVoxel(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Int64 or NiftiDataType.Float64 => 8,
        _ => 0,
    };

    /// <summary>Lower-case name as users know it (numpy style), also for codes we do not support.</summary>
    public static string Name(short code) => code switch
    {
        2 => "uint8", 4 => "int16", 8 => "int32", 16 => "float32", 32 => "complex64", 64 => "float64",
        128 => "rgb24", 256 => "int8", 512 => "uint16", 768 => "uint32", 1024 => "int64", 1280 => "uint64",
        1536 => "float128", 1792 => "complex128", 2048 => "complex256", 2304 => "rgba32",
        _ => $"unknown ({code})",
    };

    public static string Name(NiftiDataType type) => Name((short)type);

    public static bool IsInteger(NiftiDataType type) => type is not (NiftiDataType.Float32 or NiftiDataType.Float64);

    /// <summary>
    /// The float32 values a rounded voxel may take when stored as this integer type: the type's range, clipped to
    /// the largest float below 2^31 / 2^32 / 2^63 where the bound itself is not a float.
    /// </summary>
    public static (float Min, float Max) Range(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 => (0f, 255f),
        NiftiDataType.Int8 => (-128f, 127f),
        NiftiDataType.Int16 => (-32768f, 32767f),
        NiftiDataType.UInt16 => (0f, 65535f),
        NiftiDataType.Int32 => (-2147483648f, 2147483520f),
        NiftiDataType.UInt32 => (0f, 4294967040f),
        NiftiDataType.Int64 => (-9223372036854775808f, 9223371487098961920f),
        _ => (float.NegativeInfinity, float.PositiveInfinity),
    };
}
