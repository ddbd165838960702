namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Reorders the spatial axes of a (c, z, y, x) volume as numpy's <c>data.transpose((0, *[a + 1 for a in axes]))</c>:
/// axis i of the result is axis <c>axes[i]</c> of the input (the plans' transpose_forward / transpose_backward).
/// </summary>
public static class VolumeTranspose
{
    /// <summary>Whether <paramref name="axes"/> keeps every axis in place.</summary>
    public static bool IsIdentity(IReadOnlyList<int> axes) => axes[0] == 0 && axes[1] == 1 && axes[2] == 2;

    /// <summary>The shape (or spacing) after the transpose: element i is <c>values[axes[i]]</c>.</summary>
    public static T[] Apply<T>(IReadOnlyList<T> values, IReadOnlyList<int> axes)
    {
        Check(axes);
        return [values[axes[0]], values[axes[1]], values[axes[2]]];
    }

    /// <summary>
    /// The transposed volume; <paramref name="data"/> itself when <paramref name="axes"/> is the identity.
    /// </summary>
    public static float[] Apply(float[] data, int channels, int[] shape, IReadOnlyList<int> axes)
    {
        Check(axes);
        if (IsIdentity(axes)) return data;
        int voxels = shape[0] * shape[1] * shape[2];
        if (data.Length != (long)channels * voxels) throw new ArgumentException("Data length does not match channels x shape.", nameof(data));
        int[] outShape = Apply(shape, axes);
        // Stride in the input of one step along each output axis.
        int[] inStrides = [shape[1] * shape[2], shape[2], 1];
        int s0 = inStrides[axes[0]], s1 = inStrides[axes[1]], s2 = inStrides[axes[2]];
        var result = GC.AllocateUninitializedArray<float>(data.Length);
        for (int c = 0; c < channels; c++)
        {
            var source = data.AsSpan(c * voxels, voxels);
            var target = result.AsSpan(c * voxels, voxels);
            int o = 0;
            for (int i = 0; i < outShape[0]; i++)
                for (int j = 0; j < outShape[1]; j++)
                {
                    int start = i * s0 + j * s1;
                    for (int k = 0; k < outShape[2]; k++) target[o++] = source[start + k * s2];
                }
        }
        return result;
    }

    static void Check(IReadOnlyList<int> axes)
    {
        if (axes.Count != 3 || axes.Min() != 0 || axes.Max() != 2 || axes.Distinct().Count() != 3)
            throw new ArgumentException($"[{string.Join(", ", axes)}] is not a permutation of the axes 0, 1, 2.", nameof(axes));
    }
}
