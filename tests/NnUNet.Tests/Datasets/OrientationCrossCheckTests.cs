using System.Text.RegularExpressions;
using NnUNet.Core.Datasets;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Datasets;

/// <summary>The orientation codes of the integrity warning agree with nibabel's aff2axcodes (what nnU-Net v1 uses).</summary>
public class OrientationCrossCheckTests
{
    static double[] RotationZ(double degrees)
    {
        double c = Math.Cos(degrees * Math.PI / 180), s = Math.Sin(degrees * Math.PI / 180);
        return [c, -s, 0, s, c, 0, 0, 0, 1];
    }

    static double[] RotationXThenZ(double xDegrees, double zDegrees)
    {
        double cx = Math.Cos(xDegrees * Math.PI / 180), sx = Math.Sin(xDegrees * Math.PI / 180);
        double[] rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
        double[] rz = RotationZ(zDegrees);
        var m = new double[9];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 3; k++) m[r * 3 + c] += rz[r * 3 + k] * rx[k * 3 + c];
        return m;
    }

    public static TheoryData<string, double[]> Directions => new()
    {
        { "rotated 60 degrees about z", RotationZ(60) },
        { "rotated 150 degrees about z", RotationZ(150) },
        { "axes permuted", [0, 0, 1, 1, 0, 0, 0, 1, 0] },
        { "z flipped", [1, 0, 0, 0, 1, 0, 0, 0, -1] },
        { "oblique", RotationXThenZ(110, -35) },
    };

    [SkippableTheory]
    [MemberData(nameof(Directions))]
    public void Codes_match_nibabel(string what, double[] direction)
    {
        string? missing = PythonRunner.Missing("nibabel");
        Skip.If(missing != null, missing);
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 2, test: 0, channels: 1);
        var geometry = RawTaskBuilder.Geometry with { Direction = direction };
        RawTaskBuilder.WriteImage(task.ImagesTr("case_01_0000.nii.gz"), geometry: geometry);
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_01.nii.gz"), geometry: geometry);
        string[] nibabel = PythonRunner.Run(
            "import sys, nibabel as nib\nfor f in sys.argv[1:]: print(''.join(nib.aff2axcodes(nib.load(f).affine)))",
            task.ImagesTr("case_00_0000.nii.gz"), task.ImagesTr("case_01_0000.nii.gz")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        (string identity, string rotated) = (nibabel[0], nibabel[1]);
        Assert.Equal("LPS", identity);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Assert.False(report.HasErrors, what);
        var codes = report.Problems.SelectMany(p => Regex.Matches(p.Message, @"([A-Z]{3}) x\d+ \(e\.g\. (\S+)\)"))
            .ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        if (rotated == identity) Assert.Empty(codes);
        else Assert.Equal(new Dictionary<string, string> { ["case_00_0000.nii.gz"] = identity, ["case_01_0000.nii.gz"] = rotated }, codes);
    }
}
