using NnUNet.Abstractions;
using NnUNet.Core.Inference;

namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Makes finished training samples from a <see cref="PatchSampler"/>: the v1 augmentation steps in the spec's order
/// (spec §7 "Augmentation", v1 column): spatial (incl. dummy 2D), noise, blur, brightness, contrast, low resolution,
/// inverted gamma, gamma, mirroring, mask for normalisation; then the cleanup of -1 and the deep-supervision targets.
/// Without augmentation (_noDataAugmentation, validation) only the crop, the cleanup and the targets run. The spatial
/// step decides first what it needs, so the sampler reads only that part of the enlarged patch, and a plain centre
/// crop is read straight into the batch. One instance per worker thread (it owns scratch buffers).
/// <para>
/// For the cascade (a <see cref="PreviousStageInput"/>), each sample's previous-stage segmentation goes through the
/// spatial step and the mirroring as a second segmentation (v1 keeps it as a seg channel until then), is cleaned of
/// -1, one-hot encoded into the channels after the image channels and, in training batches, augmented by
/// <see cref="CascadeAugmentation"/> (spec §7 "cascade" row). The intensity steps never touch it.
/// </para>
/// </summary>
public sealed class AugmentationPipeline : IBatchFiller
{
    readonly AugmentationParameters _parameters;
    readonly PatchSampler _sampler;
    readonly SpatialTransform _spatial;
    readonly GaussianBlur _blur = new();
    readonly SimulateLowResolution _lowResolution;
    readonly GammaAugmentation _invertedGamma = new(inverted: true);
    readonly GammaAugmentation _gamma = new(inverted: false);
    readonly int[] _mirrorAxes;
    readonly float[] _boxData = [], _boxSegmentation = [];
    readonly PreviousStageInput? _previousStage;
    readonly CascadeAugmentation? _cascade;
    readonly float[] _previous = [], _boxPrevious = [];

    /// <param name="deepSupervisionScales">Per network output a scale per spatial axis (<see cref="DeepSupervisionTargets.ScalesFromPoolKernels"/>); [[1, 1, 1]] without deep supervision.</param>
    /// <param name="previousStage">The cascade's previous-stage segmentations of the sampler's cases, or null.</param>
    public AugmentationPipeline(AugmentationParameters parameters, PatchSampler sampler, IReadOnlyList<double[]> deepSupervisionScales,
        PreviousStageInput? previousStage = null)
    {
        if (parameters.SpatialDimensions != (sampler.IsTwoD ? 2 : 3))
            throw new ArgumentException($"{parameters.SpatialDimensions}D augmentation for a {(sampler.IsTwoD ? 2 : 3)}D sampler.");
        if (parameters.DummyTwoD && sampler.InitialPatchSize.Z != sampler.PatchSize.Z)
            throw new ArgumentException("Dummy 2D keeps axis 0: the initial patch must have the patch's z size.");
        if (!parameters.Augment && sampler.InitialPatchSize != sampler.PatchSize)
            throw new ArgumentException("Without augmentation the sampler reads the patch itself (no enlarged patch).");
        if (deepSupervisionScales.Count == 0 || deepSupervisionScales[0].Any(s => s != 1))
            throw new ArgumentException("The first deep-supervision scale must be 1.", nameof(deepSupervisionScales));
        _parameters = parameters;
        _sampler = sampler;
        _spatial = new SpatialTransform(parameters);
        _lowResolution = new SimulateLowResolution(keepAxis0: parameters.InPlane);
        int axisOffset = sampler.IsTwoD ? 1 : 0;
        _mirrorAxes = [.. parameters.MirrorAxes.Select(a => a + axisOffset)];
        if (_mirrorAxes.Any(a => a is < 0 or > 2)) throw new ArgumentException("Mirror axis out of range.", nameof(parameters));
        TargetShapes = [.. deepSupervisionScales.Select(s => DeepSupervisionTargets.TargetShape(sampler.PatchSize, s))];
        if (parameters.Augment)
        {
            // Worst case of the box a transform reads: the whole enlarged patch.
            _boxData = new float[sampler.Channels * sampler.InitialPatchSize.Voxels];
            _boxSegmentation = new float[sampler.InitialPatchSize.Voxels];
        }
        if (previousStage is not null)
        {
            if (sampler.IsTwoD) throw new ArgumentException("The cascade is a 3D configuration.", nameof(previousStage));
            if (previousStage.Segmentations.Count != sampler.Cases.Count) throw new ArgumentException("One previous-stage segmentation per case is needed.", nameof(previousStage));
            for (int i = 0; i < sampler.Cases.Count; i++)
                if (!previousStage.Segmentations[i].Shape.SequenceEqual(sampler.Cases[i].Shape))
                    throw new InvalidInputException(
                        $"case {sampler.Cases[i].CaseIdentifier}: its previous-stage segmentation has shape {string.Join("x", previousStage.Segmentations[i].Shape)} " +
                        $"but the preprocessed case {string.Join("x", sampler.Cases[i].Shape)}; rerun the 3d_lowres validation (-val) after plan_and_preprocess");
            _previousStage = previousStage;
            _previous = new float[sampler.PatchSize.Voxels];
            if (parameters.Augment)
            {
                _boxPrevious = new float[sampler.InitialPatchSize.Voxels];
                _cascade = new CascadeAugmentation(previousStage.Augmentation, sampler.PatchSize, previousStage.Channels);
            }
        }
    }

    public PatchSampler Sampler => _sampler;

    /// <summary>Spatial shape of every deep-supervision target, the patch first.</summary>
    public IReadOnlyList<PatchShape> TargetShapes { get; }

    /// <summary>A batch shaped for this pipeline (not pooled).</summary>
    public TrainingBatch CreateBatch() => new(_sampler.BatchSize, Channels, _sampler.PatchSize, _sampler.IsTwoD, TargetShapes);

    /// <summary>Channels of a finished sample: the image channels, then the cascade's one-hot channels.</summary>
    public int Channels => _sampler.Channels + (_previousStage?.Channels ?? 0);

    /// <summary>Fills every sample of <paramref name="batch"/>; the result depends only on the random state.</summary>
    public void Fill(TrainingBatch batch, TrainingRandom random, CancellationToken cancellation = default)
    {
        for (int j = 0; j < batch.BatchSize; j++)
        {
            cancellation.ThrowIfCancellationRequested();
            var location = _sampler.Sample(j, random);
            Process(location, batch, j, random);
        }
    }

    /// <summary>Reads and augments one sample into slot <paramref name="sampleIndex"/> of <paramref name="batch"/>.</summary>
    public void Process(in PatchLocation location, TrainingBatch batch, int sampleIndex, TrainingRandom random)
    {
        int channels = _sampler.Channels;
        var patch = _sampler.PatchSize;
        var sample = batch.SampleData(sampleIndex);
        var data = sample[..(channels * patch.Voxels)];
        var seg = batch.SampleTarget(0, sampleIndex);
        var previous = _previous.AsSpan();

        var spatial = _spatial.Draw(random);
        var (offset, size) = SpatialTransform.SourceBox(_sampler.InitialPatchSize, patch, spatial);
        if (!spatial.Transforms)
        {
            _sampler.Read(location, offset, size, data, seg); // the common, fast path: no interpolation
            ReadPrevious(location, offset, size, previous);
        }
        else
        {
            var boxData = _boxData.AsSpan(0, channels * size.Voxels);
            var boxSeg = _boxSegmentation.AsSpan(0, size.Voxels);
            _sampler.Read(location, offset, size, boxData, boxSeg);
            SpatialTransform.ApplyToBox(boxData, boxSeg, channels, _sampler.InitialPatchSize, offset, size, spatial, data, seg, patch);
            if (_previousStage is not null)
            {
                var boxPrevious = _boxPrevious.AsSpan(0, size.Voxels);
                ReadPrevious(location, offset, size, boxPrevious);
                SpatialTransform.ApplyToBox([], boxPrevious, 0, _sampler.InitialPatchSize, offset, size, spatial, [], previous, patch);
            }
        }

        if (_parameters.Augment)
        {
            GaussianNoise.Apply(data, random);
            _blur.Apply(data, channels, patch, random);
            BrightnessMultiplicative.Apply(data, channels, random);
            ContrastAugmentation.Apply(data, channels, random);
            _lowResolution.Apply(data, channels, patch, random);
            _invertedGamma.Apply(data, channels, random);
            _gamma.Apply(data, channels, random);
            Mirroring.Apply(data, channels, seg, patch, _mirrorAxes, random, previous);
            MaskForNormalization.Apply(data, channels, seg, _parameters.UseMaskForNormalization);
        }
        SegmentationCleanup.Apply(seg);
        if (_previousStage is not null)
        {
            SegmentationCleanup.Apply(previous);
            var oneHot = sample[(channels * patch.Voxels)..];
            CascadeInput.OneHot(previous, _previousStage.NumClasses, oneHot);
            _cascade?.Apply(oneHot, random);
        }
        for (int s = 1; s < TargetShapes.Count; s++)
            DeepSupervisionTargets.Downsample(seg, patch, batch.SampleTarget(s, sampleIndex), TargetShapes[s]);

        batch.CaseIdentifiers[sampleIndex] = _sampler.Cases[location.CaseIndex].CaseIdentifier;
        batch.Locations[sampleIndex] = location;
    }

    /// <summary>The previous-stage labels of the part [offset, offset + size) of the location's enlarged patch (nothing without a cascade).</summary>
    void ReadPrevious(in PatchLocation location, PatchShape offset, PatchShape size, Span<float> target)
    {
        if (_previousStage is null) return;
        _previousStage.Segmentations[location.CaseIndex].ReadBox([location.Z + offset.Z, location.Y + offset.Y, location.X + offset.X],
            [size.Z, size.Y, size.X], target[..size.Voxels]);
    }
}
