using System.Runtime.InteropServices;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// Counts, in one pass over a prediction and its reference, the confusion of every requested label at once:
/// a joint histogram of (predicted label, reference label), with one extra bin for every other value.
/// </summary>
public static class LabelConfusion
{
    const int SearchWindow = 4096;

    /// <summary>The counts of each label of <paramref name="labels"/>, in that order.</summary>
    public static ConfusionCounts[] Count(ReadOnlySpan<float> prediction, ReadOnlySpan<float> reference, IReadOnlyList<int> labels)
    {
        if (prediction.Length != reference.Length)
            throw new ArgumentException($"Prediction has {prediction.Length} voxels, reference {reference.Length}.", nameof(reference));
        var index = new LabelIndex(labels);
        int other = index.Count, width = index.Count + 1;
        var joint = new long[width * width];
        // Label maps are long runs: take the run on which both maps keep their values in one step, found by a
        // vectorised search on the bits (a -0.0 next to 0.0 only splits a run; the bin comes from the value).
        // The search looks at most a window ahead, so a long run in one map costs nothing while the other changes.
        ReadOnlySpan<int> p = MemoryMarshal.Cast<float, int>(prediction), r = MemoryMarshal.Cast<float, int>(reference);
        for (int i = 0; i < p.Length;)
        {
            int window = Math.Min(SearchWindow, p.Length - i);
            int samePrediction = p.Slice(i + 1, window - 1).IndexOfAnyExcept(p[i]);
            int run = samePrediction < 0 ? window : samePrediction + 1;
            int sameReference = r.Slice(i + 1, run - 1).IndexOfAnyExcept(r[i]);
            if (sameReference >= 0) run = sameReference + 1;
            int pi = index.IndexOf(prediction[i]), ri = index.IndexOf(reference[i]);
            joint[(pi < 0 ? other : pi) * width + (ri < 0 ? other : ri)] += run;
            i += run;
        }

        var counts = new ConfusionCounts[index.Count];
        long total = prediction.Length;
        for (int l = 0; l < index.Count; l++)
        {
            long tp = joint[l * width + l], predicted = 0, referenced = 0;
            for (int k = 0; k < width; k++)
            {
                predicted += joint[l * width + k];
                referenced += joint[k * width + l];
            }
            long fp = predicted - tp, fn = referenced - tp;
            counts[l] = new ConfusionCounts(tp, fp, fn, total - tp - fp - fn);
        }
        return counts;
    }
}
