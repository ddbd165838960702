using NnUNet.Abstractions;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Training;

/// <summary>
/// Draws training patches from preprocessed cases with nnU-Net v1's DataLoader3D / DataLoader2D semantics
/// (spec §7 "Sampling"): cases uniformly with replacement; the last third of each batch forced to contain
/// foreground; the enlarged (initial) patch placed within bounds that allow half the enlargement of padding on
/// each side; outside the volume data is 0 and segmentation -1 (<see cref="PreprocessedCase.ReadPatch"/>).
/// The 2d configuration picks a slice of the stored 3D case (one holding the class when forced) and an in-plane box.
/// Thread-safe: all state is read-only after construction; randomness comes from the caller.
/// </summary>
public sealed class PatchSampler
{
    public const double DefaultOversampleForegroundPercent = 0.33; // spec §7: foreground oversampling 0.33

    readonly IReadOnlyList<PreprocessedCase> _cases;
    readonly CaseSampling[] _sampling;

    /// <param name="cases">Opened cases (all with the same channel count and a segmentation).</param>
    /// <param name="patchSize">Final patch: (z, y, x), or (y, x) for the 2d configuration.</param>
    /// <param name="initialPatchSize">Enlarged patch read for augmentation (<see cref="InitialPatchSize"/>), same axes.</param>
    public PatchSampler(IReadOnlyList<PreprocessedCase> cases, IReadOnlyList<int> patchSize, IReadOnlyList<int> initialPatchSize,
        int batchSize, double oversampleForegroundPercent = DefaultOversampleForegroundPercent)
    {
        if (cases.Count == 0) throw new ArgumentException("No cases to sample from.", nameof(cases));
        if (patchSize.Count is not (2 or 3) || initialPatchSize.Count != patchSize.Count)
            throw new ArgumentException("Patch and initial patch need the same 2 or 3 axes.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        for (int d = 0; d < patchSize.Count; d++)
            if (patchSize[d] < 1 || initialPatchSize[d] < patchSize[d])
                throw new ArgumentException($"Initial patch {string.Join("x", initialPatchSize)} must contain the patch {string.Join("x", patchSize)}.");

        _cases = cases;
        IsTwoD = patchSize.Count == 2;
        PatchSize = PatchShape.From(patchSize);
        InitialPatchSize = PatchShape.From(initialPatchSize);
        BatchSize = batchSize;
        OversampleForegroundPercent = oversampleForegroundPercent;
        Channels = cases[0].Channels;
        _sampling = new CaseSampling[cases.Count];
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            if (c.Channels != Channels)
                throw new InvalidInputException($"Case {c.CaseIdentifier}: {c.Channels} channels, but {cases[0].CaseIdentifier} has {Channels}.");
            if (!c.HasSegmentation) throw new InvalidInputException($"Case {c.CaseIdentifier}: no segmentation to train on.");
            _sampling[i] = new CaseSampling(c, IsTwoD, PatchSize, InitialPatchSize);
        }
    }

    public bool IsTwoD { get; }
    public int Channels { get; }
    public int BatchSize { get; }
    public double OversampleForegroundPercent { get; }

    /// <summary>The final patch ((1, y, x) for 2D).</summary>
    public PatchShape PatchSize { get; }

    /// <summary>The enlarged patch every sample's box has ((1, y, x) for 2D).</summary>
    public PatchShape InitialPatchSize { get; }

    public IReadOnlyList<PreprocessedCase> Cases => _cases;

    /// <summary>
    /// v1 get_do_oversample: sample j of a batch is forced iff j &gt;= round(B * (1 - percent)), with Python's
    /// round (half to even), so B = 2 forces the 2nd sample and B = 12 the last 4.
    /// </summary>
    public static bool IsForcedForeground(int sampleIndex, int batchSize, double percent) =>
        sampleIndex >= Math.Round(batchSize * (1 - percent), MidpointRounding.ToEven);

    /// <summary>The range [lower, upper] of the box's lower corner for random boxes (lb and ub of spec §7); for 2D, Z spans the slices.</summary>
    public (PatchShape Lower, PatchShape Upper) Bounds(int caseIndex) => (_sampling[caseIndex].Lower, _sampling[caseIndex].Upper);

    /// <summary>Draws sample <paramref name="sampleIndex"/> of a batch: a case, then a box (foreground-forced per the oversampling rule).</summary>
    public PatchLocation Sample(int sampleIndex, TrainingRandom random)
    {
        int caseIndex = random.NextInt(_cases.Count);
        bool forced = IsForcedForeground(sampleIndex, BatchSize, OversampleForegroundPercent);
        return IsTwoD ? _sampling[caseIndex].Sample2D(caseIndex, forced, random) : _sampling[caseIndex].Sample3D(caseIndex, forced, random);
    }

    /// <summary>
    /// Reads the part [offset, offset + size) of a location's enlarged patch (relative to its lower corner): data
    /// (c, size) and segmentation (size), padded outside the volume. Reading only the part the augmentation needs
    /// gives the same values as reading the whole patch and cropping.
    /// </summary>
    public void Read(in PatchLocation location, PatchShape offset, PatchShape size, Span<float> data, Span<float> segmentation)
    {
        Span<int> lower = [location.Z + offset.Z, location.Y + offset.Y, location.X + offset.X];
        Span<int> extent = [size.Z, size.Y, size.X];
        _cases[location.CaseIndex].ReadPatch(lower, extent, data, segmentation);
    }

    /// <summary>Per-case state derived once: shape, padding bounds, classes with locations (and for 2D their slices).</summary>
    sealed class CaseSampling
    {
        readonly PatchShape _initial;
        readonly int[] _classes;                // foreground classes with at least one stored location
        readonly int[][][] _locations;          // per class: the stored (z, y, x) voxels
        readonly int[][]? _slices;              // 2D, per class: distinct z of its voxels, ascending
        readonly int[][][]? _voxelsPerSlice;    // 2D, per class and slice: indices into _locations

        public CaseSampling(PreprocessedCase c, bool twoD, PatchShape patch, PatchShape initial)
        {
            _initial = initial;
            var shape = PatchShape.From(c.Shape);
            // spec §7: need_to_pad = initial - final, increased so that image + pad >= initial; lb = -pad//2 (Python
            // floor division of the negated pad, i.e. -ceil(pad/2)), ub = shape + ceil(pad/2) - initial.
            int[] lower = new int[3], upper = new int[3];
            for (int d = twoD ? 1 : 0; d < 3; d++)
            {
                int pad = initial[d] - patch[d];
                if (pad + shape[d] < initial[d]) pad = initial[d] - shape[d];
                lower[d] = -((pad + 1) / 2);
                upper[d] = shape[d] + (pad + 1) / 2 - initial[d];
            }
            if (twoD) upper[0] = shape.Z - 1; // the slice index
            Lower = PatchShape.From(lower);
            Upper = PatchShape.From(upper);

            var classes = c.Properties.ClassLocations.Where(kv => kv.Key > 0 && kv.Value.Length > 0).OrderBy(kv => kv.Key).ToList();
            _classes = [.. classes.Select(kv => kv.Key)];
            _locations = [.. classes.Select(kv => kv.Value)];
            foreach (var voxels in _locations)
                foreach (var v in voxels)
                    if (v.Length != 3 || v[0] < 0 || v[0] >= shape.Z || v[1] < 0 || v[1] >= shape.Y || v[2] < 0 || v[2] >= shape.X)
                        throw new InvalidInputException($"Case {c.CaseIdentifier}: class location [{string.Join(", ", v)}] is not a voxel of the {shape} array.");
            if (twoD)
            {
                _slices = new int[_classes.Length][];
                _voxelsPerSlice = new int[_classes.Length][][];
                for (int k = 0; k < _classes.Length; k++)
                {
                    var groups = Enumerable.Range(0, _locations[k].Length).GroupBy(i => _locations[k][i][0]).OrderBy(g => g.Key).ToList();
                    _slices[k] = [.. groups.Select(g => g.Key)];
                    _voxelsPerSlice[k] = [.. groups.Select(g => g.ToArray())];
                }
            }
        }

        public PatchShape Lower { get; }
        public PatchShape Upper { get; }

        public PatchLocation Sample3D(int caseIndex, bool forced, TrainingRandom random)
        {
            if (forced && _classes.Length > 0)
            {
                int k = random.NextInt(_classes.Length);
                int[] voxel = _locations[k][random.NextInt(_locations[k].Length)];
                return new PatchLocation(caseIndex, Centred(0, voxel[0]), Centred(1, voxel[1]), Centred(2, voxel[2]), true, _classes[k]);
            }
            return new PatchLocation(caseIndex, random.NextInt(Lower.Z, Upper.Z), random.NextInt(Lower.Y, Upper.Y),
                random.NextInt(Lower.X, Upper.X), forced, 0);
        }

        public PatchLocation Sample2D(int caseIndex, bool forced, TrainingRandom random)
        {
            if (forced && _classes.Length > 0)
            {
                int k = random.NextInt(_classes.Length);
                int s = random.NextInt(_slices![k].Length);
                int[] inSlice = _voxelsPerSlice![k][s];
                int[] voxel = _locations[k][inSlice[random.NextInt(inSlice.Length)]];
                return new PatchLocation(caseIndex, voxel[0], Centred(1, voxel[1]), Centred(2, voxel[2]), true, _classes[k]);
            }
            int slice = random.NextInt(0, Upper.Z);
            return new PatchLocation(caseIndex, slice, random.NextInt(Lower.Y, Upper.Y), random.NextInt(Lower.X, Upper.X), forced, 0);
        }

        // spec §7: lower corner = max(lb, voxel - patch//2) with the enlarged patch; v1 does not clip it to ub.
        int Centred(int axis, int voxel) => Math.Max(Lower[axis], voxel - _initial[axis] / 2);
    }
}
