using NnUNet.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>Cross-entropy, soft Dice and their sum against values and gradients derived by hand.</summary>
public class SegmentationLossTests
{
    public SegmentationLossTests() => torch.set_num_threads(1);

    const double Smooth = 1e-5, Eps = 1e-8;

    /// <summary>2 classes, 2x2 image: logits (0, ln 3), (0, 0), (0, -ln 3), (0, ln 4) give p1 = 3/4, 1/2, 1/4, 4/5.</summary>
    static Tensor Logits2x2() => tensor(new float[]
    {
        0, 0, 0, 0,
        (float)Math.Log(3), 0, (float)-Math.Log(3), (float)Math.Log(4),
    }).reshape(1, 2, 2, 2);

    /// <summary>Labels [[1, 0], [0, 1]] as a (1, 1, 2, 2) float target.</summary>
    static Tensor Target2x2() => tensor(new float[] { 1, 0, 0, 1 }).reshape(1, 1, 2, 2);

    [Fact]
    public void CrossEntropyOfAHandMadeCase()
    {
        using var logits = Logits2x2();
        using var target = Target2x2();
        using var ce = new CrossEntropyLabelLoss().Compute(logits, target);
        // Probability of the true class: 3/4, 1/2, 3/4, 4/5 -> CE = (2 ln(4/3) + ln 2 + ln(5/4)) / 4 = 0.3729137...
        double expected = (2 * Math.Log(4.0 / 3) + Math.Log(2) + Math.Log(5.0 / 4)) / 4;
        Assert.Equal(expected, ce.item<float>(), 1e-6);
    }

    [Fact]
    public void SoftDiceOfAHandMadeCase()
    {
        using var logits = Logits2x2();
        using var target = Target2x2();
        using var dice = new SoftDiceLoss(batchDice: false).Compute(logits, target);
        // Class 1 only (background excluded): tp = 3/4 + 4/5 = 1.55, fp = 1/2 + 1/4 = 0.75, fn = 1/4 + 1/5 = 0.45;
        // dc = (2*1.55 + 1e-5) / (2*1.55 + 0.75 + 0.45 + 1e-5 + 1e-8) = 3.10001 / 4.30001001 = 0.7209309; loss = -dc.
        double expected = -(3.1 + Smooth) / (4.3 + Smooth + Eps);
        Assert.Equal(expected, dice.item<float>(), 1e-6);

        using var sum = new DiceCrossEntropyLoss(batchDice: false).Compute(logits, target);
        double ce = (2 * Math.Log(4.0 / 3) + Math.Log(2) + Math.Log(5.0 / 4)) / 4;
        Assert.Equal(ce + expected, sum.item<float>(), 1e-6);
    }

    [Fact]
    public void BatchDicePoolsTheBatchAndPerSampleDiceAveragesIt()
    {
        // Sample 0 is the hand-made case; sample 1 has p1 = 1/2 everywhere and no class-1 voxel.
        using var logits = cat([Logits2x2(), zeros(1, 2, 2, 2)], 0);
        using var target = cat([Target2x2(), zeros(1, 1, 2, 2)], 0);

        // Per sample: sample 0 dc = 3.10001 / 4.30001001; sample 1 tp = 0, fp = 2, fn = 0 -> dc = 1e-5 / (2 + 1e-5 + 1e-8).
        using var perSample = new SoftDiceLoss(batchDice: false).Compute(logits, target);
        double dc0 = (3.1 + Smooth) / (4.3 + Smooth + Eps), dc1 = Smooth / (2 + Smooth + Eps);
        Assert.Equal(-(dc0 + dc1) / 2, perSample.item<float>(), 1e-6);

        // Batch: tp = 1.55, fp = 0.75 + 2 = 2.75, fn = 0.45 -> dc = 3.10001 / (3.1 + 2.75 + 0.45 + 1e-5 + 1e-8).
        using var batch = new SoftDiceLoss(batchDice: true).Compute(logits, target);
        Assert.Equal(-(3.1 + Smooth) / (6.3 + Smooth + Eps), batch.item<float>(), 1e-6);
    }

    [Fact]
    public void ThreeClassesExcludeBackgroundAndAverageTheRest()
    {
        // Zero logits: p = 1/3 for every class; labels [[0, 1], [2, 2]] as int64.
        using var logits = zeros(1, 3, 2, 2);
        using var target = tensor(new long[] { 0, 1, 2, 2 }).reshape(1, 1, 2, 2);
        // Class 1: tp = 1/3, fp = 3 * 1/3 = 1, fn = 2/3 -> dc = (2/3 + s) / (2/3 + 1 + 2/3 + s + eps).
        // Class 2: tp = 2/3, fp = 2/3, fn = 2 * 2/3 = 4/3 -> dc = (4/3 + s) / (4/3 + 2/3 + 4/3 + s + eps).
        double dc1 = (2.0 / 3 + Smooth) / (7.0 / 3 + Smooth + Eps), dc2 = (4.0 / 3 + Smooth) / (10.0 / 3 + Smooth + Eps);
        using var dice = new SoftDiceLoss(batchDice: true).Compute(logits, target);
        Assert.Equal(-(dc1 + dc2) / 2, dice.item<float>(), 1e-6);
        // Every voxel's true class has probability 1/3: CE = ln 3.
        using var ce = new CrossEntropyLabelLoss().Compute(logits, target);
        Assert.Equal(Math.Log(3), ce.item<float>(), 1e-6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DiceGradientMatchesTheClosedForm(bool batchDice)
    {
        // With fp = S_p - tp and fn = S_y - tp, dc_k = (2 T + s) / (S_p + S_y + s + eps) =: N / D, where T = sum p*y,
        // S_p = sum p, S_y = sum y over the pooled axes. So d dc_k / d p_i = (2 y_i D - N) / D^2, and the loss
        // -mean(dc) over G groups (classes 1..C-1, times samples without batch Dice) gives dL/dp_i = -(2 y_i D - N) / (D^2 G).
        // Through softmax: dL/dz_c = p_c (g_c - sum_k p_k g_k) per voxel.
        const int b = 2, c = 3, h = 3, w = 4;
        var generator = new Random(5);
        var z = Enumerable.Range(0, b * c * h * w).Select(_ => generator.NextDouble() * 4 - 2).ToArray();
        var labels = Enumerable.Range(0, b * h * w).Select(_ => generator.Next(c)).ToArray();

        using var logits = tensor(z, dtype: float64).reshape(b, c, h, w).requires_grad_(true);
        using var target = tensor(labels.Select(l => (double)l).ToArray(), dtype: float64).reshape(b, 1, h, w);
        using var loss = new SoftDiceLoss(batchDice).Compute(logits, target);
        loss.backward();
        var autograd = logits.grad!.data<double>().ToArray();

        int voxels = h * w;
        int Index(int n, int k, int v) => (n * c + k) * voxels + v;
        var p = new double[z.Length];
        for (int n = 0; n < b; n++)
            for (int v = 0; v < voxels; v++)
            {
                double sum = 0;
                for (int k = 0; k < c; k++) sum += Math.Exp(z[Index(n, k, v)]);
                for (int k = 0; k < c; k++) p[Index(n, k, v)] = Math.Exp(z[Index(n, k, v)]) / sum;
            }
        double Y(int n, int k, int v) => labels[n * voxels + v] == k ? 1 : 0;

        var g = new double[z.Length];
        int groups = (c - 1) * (batchDice ? 1 : b);
        for (int k = 1; k < c; k++)
            foreach (var samples in batchDice ? [Enumerable.Range(0, b).ToArray()] : Enumerable.Range(0, b).Select(n => new[] { n }))
            {
                double t = 0, sp = 0, sy = 0;
                foreach (int n in samples)
                    for (int v = 0; v < voxels; v++) { t += p[Index(n, k, v)] * Y(n, k, v); sp += p[Index(n, k, v)]; sy += Y(n, k, v); }
                double numerator = 2 * t + Smooth, denominator = sp + sy + Smooth + Eps;
                foreach (int n in samples)
                    for (int v = 0; v < voxels; v++)
                        g[Index(n, k, v)] = -(2 * Y(n, k, v) * denominator - numerator) / (denominator * denominator * groups);
            }

        for (int n = 0; n < b; n++)
            for (int v = 0; v < voxels; v++)
            {
                double dot = 0;
                for (int k = 0; k < c; k++) dot += p[Index(n, k, v)] * g[Index(n, k, v)];
                for (int k = 0; k < c; k++)
                    Assert.Equal(p[Index(n, k, v)] * (g[Index(n, k, v)] - dot), autograd[Index(n, k, v)], 1e-12);
            }
    }

    [Fact]
    public void DiceCrossEntropyGradientMatchesCentralDifferences()
    {
        const int b = 2, c = 3, h = 2, w = 3;
        torch.manual_seed(11);
        using var z0 = randn(b, c, h, w, dtype: float64);
        using var target = randint(0, c, [b, 1, h, w]).to_type(ScalarType.Float32);
        var lossFunction = new DiceCrossEntropyLoss(batchDice: false);

        using var logits = z0.clone().requires_grad_(true);
        using var loss = lossFunction.Compute(logits, target);
        loss.backward();
        var autograd = logits.grad!.data<double>().ToArray();

        const double step = 1e-6;
        var values = z0.data<double>().ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            double Evaluate(double delta)
            {
                var shifted = (double[])values.Clone();
                shifted[i] += delta;
                using var scope = NewDisposeScope();
                return lossFunction.Compute(tensor(shifted).reshape(b, c, h, w), target).item<double>();
            }
            double numeric = (Evaluate(step) - Evaluate(-step)) / (2 * step);
            Assert.Equal(numeric, autograd[i], 1e-8);
        }
    }

    [Fact]
    public void MismatchedTargetIsRejected()
    {
        using var logits = zeros(1, 2, 4, 4);
        using var target = zeros(1, 1, 2, 2);
        Assert.Throws<ArgumentException>(() => new DiceCrossEntropyLoss(true).Compute(logits, target));
    }
}
