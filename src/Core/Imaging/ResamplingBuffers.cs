namespace NnUNet.Core.Imaging;

/// <summary>
/// Temporaries of one worker resampling slab after slab (<see cref="SlabResampler"/>): arrays are kept and reused
/// while they are large enough, so a long series of slabs allocates once instead of filling the large-object heap
/// with garbage. Not thread-safe: one instance per worker.
/// </summary>
public sealed class ResamplingBuffers
{
    readonly float[][] _floats = [[], [], []];
    readonly double[][] _doubles = [[], []];

    /// <summary>Float array <paramref name="slot"/> (0..2) with at least <paramref name="length"/> elements.</summary>
    internal float[] Floats(int slot, long length) => Ensure(ref _floats[slot], length);

    /// <summary>Double array <paramref name="slot"/> (0..1) with at least <paramref name="length"/> elements.</summary>
    internal double[] Doubles(int slot, long length) => Ensure(ref _doubles[slot], length);

    static T[] Ensure<T>(ref T[] array, long length)
    {
        if (array.LongLength < length) array = GC.AllocateUninitializedArray<T>(checked((int)length));
        return array;
    }
}
