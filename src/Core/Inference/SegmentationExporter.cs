using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Inference;

/// <summary>
/// Turns a case's predicted class probabilities (plan order, at the preprocessed shape) into a segmentation on the
/// raw image's grid (spec §8 "Export"): resample to the shape after cropping (order 1, order 0 along a separate z
/// axis decided from the raw spacing and the configuration's spacing), argmax, place into the raw shape
/// (background outside the crop box), undo the plan's transpose, and take the raw file's geometry.
/// <para>
/// v1 resamples every class at full size and then takes the argmax, which for a 512x512x400 CT with a few classes
/// needs several GB. Here resampling and argmax run in slabs along plan axis 0 (<see cref="SlabResampler"/>), each
/// slab written straight into the compact output, so memory stays near the input plus the output; the labels are
/// identical to the whole-volume computation.
/// </para>
/// </summary>
public static class SegmentationExporter
{
    /// <summary>
    /// Exports <paramref name="probabilities"/> ((classes, z, y, x) in plan order at the shape after resampling).
    /// </summary>
    /// <param name="transposeForward">The plans' transpose_forward: plan axis i is raw axis transposeForward[i].</param>
    public static ExportedCase Export(float[] probabilities, int classes, CaseProperties properties,
        IReadOnlyList<int> transposeForward, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(properties);
        options ??= ExportOptions.Default;
        var placement = RawPlacement.Create(properties, transposeForward);
        int[] shape = properties.ShapeAfterResampling;
        if (shape is not { Length: 3 } || shape.Any(s => s < 1))
            throw Invalid(properties, $"size_after_resampling ({Format(shape)}) is not three positive sizes");
        if (classes < 1 || (long)classes * shape[0] * shape[1] * shape[2] != probabilities.LongLength)
            throw new ArgumentException($"{probabilities.LongLength} probabilities are not {classes} classes x {Format(shape)}.", nameof(probabilities));

        int[] cropped = placement.CroppedPlanShape;
        int? separateZ = null;
        if (!shape.SequenceEqual(cropped))
        {
            var originalSpacing = transposeForward.Select(a => properties.OriginalSpacing[a]).ToArray();
            separateZ = ResamplingPlan.ForShape(cropped, originalSpacing, properties.SpacingAfterResampling, options.ForceSeparateZ).SeparateZAxis;
        }
        var resampler = new SlabResampler(probabilities, classes, shape, cropped, options.Scheme, separateZ, maxDegreeOfParallelism: 1);

        var geometry = new ImageGeometry((double[])properties.OriginalSpacing.Clone(), (double[])properties.Origin.Clone(),
            (double[])properties.Direction.Clone());
        var segmentation = new LabelMap(properties.OriginalShape, geometry, classes - 1);
        Half[]? kept = options.KeepProbabilities ? new Half[checked(classes * (int)segmentation.VoxelCount)] : null;

        int rowsPerSlab = resampler.RowsForBudget(options.SlabValues);
        int slabs = (cropped[0] + rowsPerSlab - 1) / rowsPerSlab;
        // Bounded explicitly: an unbounded Parallel.For keeps adding workers while slabs run long, each holding a slab.
        int workers = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(workers, slabs) };
        // Each running slab borrows a worker's buffers and returns them (Parallel.For may start fresh replicas, whose
        // local state would be new buffers each time), so the temporaries are allocated once per concurrent slab.
        int slabVoxels = rowsPerSlab * cropped[1] * cropped[2];
        var idle = new System.Collections.Concurrent.ConcurrentBag<(ResamplingBuffers Buffers, int[] Labels)>();
        Parallel.For(0, slabs, parallel, slab =>
        {
            if (!idle.TryTake(out var worker)) worker = (new ResamplingBuffers(), new int[slabVoxels]);
            int first = slab * rowsPerSlab, rows = Math.Min(rowsPerSlab, cropped[0] - first);
            var values = resampler.ResampleRows(first, rows, worker.Buffers);
            var labels = worker.Labels.AsSpan(0, rows * cropped[1] * cropped[2]);
            ClassArgmax.Run(values, classes, labels.Length, 0, labels);
            placement.Place(labels, first, rows, segmentation);
            if (kept is not null) placement.Place(values, classes, first, rows, kept);
            idle.Add(worker);
        });
        return new ExportedCase(segmentation, classes, kept, properties);
    }

    /// <summary>
    /// The segmentation of probabilities already on the raw grid ((classes, z, y, x) at the raw shape, e.g. an
    /// ensemble's mean): argmax only, with the case's geometry.
    /// </summary>
    public static ExportedCase FromRawProbabilities(float[] probabilities, int classes, CaseProperties properties, bool keepProbabilities)
    {
        var geometry = new ImageGeometry((double[])properties.OriginalSpacing.Clone(), (double[])properties.Origin.Clone(),
            (double[])properties.Direction.Clone());
        var segmentation = new LabelMap(properties.OriginalShape, geometry, classes - 1);
        int voxels = checked((int)segmentation.VoxelCount);
        if ((long)classes * voxels != probabilities.LongLength)
            throw new ArgumentException($"{probabilities.LongLength} probabilities are not {classes} classes x {Format(properties.OriginalShape)}.", nameof(probabilities));
        const int chunk = 1 << 18;
        var labels = new int[Math.Min(chunk, voxels)];
        for (int start = 0; start < voxels; start += chunk)
        {
            int count = Math.Min(chunk, voxels - start);
            ClassArgmax.Run(probabilities, classes, voxels, start, labels.AsSpan(0, count));
            if (segmentation.DataType == NiftiDataType.UInt8)
            {
                var target = segmentation.Voxels<byte>().Slice(start, count);
                for (int i = 0; i < count; i++) target[i] = (byte)labels[i];
            }
            else
            {
                var target = segmentation.Voxels<ushort>().Slice(start, count);
                for (int i = 0; i < count; i++) target[i] = (ushort)labels[i];
            }
        }
        Half[]? kept = null;
        if (keepProbabilities)
        {
            kept = new Half[probabilities.Length];
            for (int i = 0; i < kept.Length; i++) kept[i] = (Half)probabilities[i];
        }
        return new ExportedCase(segmentation, classes, kept, properties);
    }

    internal static InvalidInputException Invalid(CaseProperties properties, string problem) =>
        new($"case {properties.CaseIdentifier}: {problem}; the case properties do not describe a valid export.");

    internal static string Format(IReadOnlyList<int>? values) => values is null ? "null" : string.Join(" x ", values);
}
