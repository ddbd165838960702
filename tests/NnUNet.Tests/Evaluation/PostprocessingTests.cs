using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Evaluation;

/// <summary>Loading a postprocessing.json (ours and v1's) and applying it to label maps.</summary>
public sealed class PostprocessingTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    string WriteJson(string text)
    {
        string path = temp.Combine(Postprocessing.FileName);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void LoadsV1FileWithMergedAndSingleClassStepsAndBareNaN()
    {
        string path = WriteJson("""
            {"dc_per_class_pp_all": {"1": 0.9, "2": NaN}, "dc_per_class_pp_per_class": {}, "dc_per_class_raw": {"1": 0.8, "2": NaN},
             "for_which_classes": [[1, 2], 2], "min_valid_object_sizes": "None", "num_samples": 3,
             "validation_final": "cv_niftis_postprocessed", "validation_raw": "cv_niftis_raw"}
            """);

        var pp = Postprocessing.Load(path);

        Assert.Equal(2, pp.Steps.Count);
        Assert.True(pp.Steps[0].Merged);
        Assert.Equal([1, 2], pp.Steps[0].Classes);
        Assert.Equal(PostprocessingStep.ForClass(2).Classes, pp.Steps[1].Classes);
        Assert.False(pp.Steps[1].Merged);
        Assert.Equal("[[1, 2], 2]", pp.ToString());
    }

    [Theory]
    [InlineData("""{"for_which_classes": [1], "min_valid_object_sizes": "{1: 10.0}"}""", "min_valid_object_sizes")]
    [InlineData("""{"for_which_classes": [0]}""", "foreground class")]
    [InlineData("""{"for_which_classes": ["a"]}""", "for_which_classes")]
    [InlineData("""{"classes": []}""", "for_which_classes")]
    [InlineData("""{"for_which_classes": [1""", "JSON")]
    public void UnusableFileIsAnErrorNamingIt(string text, string problem)
    {
        string path = WriteJson(text);

        var e = Assert.Throws<InvalidInputException>(() => Postprocessing.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void StepsApplyInOrder()
    {
        // Merged step keeps the 1+2 object (14 voxels) over the lone class-2 voxel; then class 1 keeps its larger part.
        var v = new LabelVolume(1, 6, 8).Box(1, 0, 1, 0, 3, 0, 2).Box(2, 0, 1, 0, 2, 2, 4).Box(1, 0, 1, 0, 1, 4, 8)
            .Box(2, 0, 1, 5, 6, 7, 8);
        var pp = new Postprocessing([PostprocessingStep.ForMerged([1, 2]), PostprocessingStep.ForClass(1)]);

        long removed = pp.Apply(v.Data, v.Shape);

        Assert.Equal(1 + 4, removed);
        Assert.Equal(6, v.CountOf(1));
        Assert.Equal(4, v.CountOf(2));
    }

    [Fact]
    public void ApplyToFileKeepsDatatypeAndGeometry()
    {
        var v = new LabelVolume(2, 4, 4).Box(3, 0, 2, 0, 2, 0, 2).Box(3, 1, 2, 3, 4, 3, 4);
        string input = v.Write(temp.Combine("in.nii.gz"), dataType: NiftiDataType.Int16);
        string output = temp.Combine("out", "out.nii.gz");

        new Postprocessing([PostprocessingStep.ForClass(3)]).ApplyToFile(input, output);

        Assert.Equal(NiftiDataType.Int16, NiftiReader.ReadHeader(output).DataType);
        var result = NiftiReader.Read(output);
        Assert.Equal(LabelVolume.Geometry.Spacing, result.Geometry.Spacing);
        Assert.Equal(8, result.Data.Count(x => x == 3));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(300)] // a label above 255: the map is stored as uint16
    public void LabelMapsOfEitherWidthArePostprocessedLikeFloatImages(int extraLabel)
    {
        var random = new Random(extraLabel);
        var v = new LabelVolume(6, 9, 11);
        for (int i = 0; i < v.Data.Length; i++) v.Data[i] = random.NextDouble() < 0.5 ? random.Next(1, 4) : 0;
        v.Data[0] = extraLabel;
        var map = new LabelMap(v.Shape, LabelVolume.Geometry, extraLabel);
        for (int i = 0; i < v.Data.Length; i++) map[i] = (int)v.Data[i];
        var pp = new Postprocessing([PostprocessingStep.ForMerged([1, 2]), PostprocessingStep.ForClass(3), PostprocessingStep.ForClass(extraLabel)]);

        long removedFromFloats = pp.Apply(v.Data, v.Shape);
        ISegmentationPostprocessor hook = SegmentationPostprocessing.Load(WriteJson($$"""{"for_which_classes": [[1, 2], 3, {{extraLabel}}]}"""));
        hook.Apply(map);

        Assert.True(removedFromFloats > 0);
        Assert.Equal(v.Data, map.ToImage().Data);
    }

    [Fact]
    public void NoneChangesNothing()
    {
        var v = new LabelVolume(1, 3, 3).Box(1, 0, 1, 0, 1, 0, 1).Box(1, 0, 1, 2, 3, 2, 3);
        Assert.Equal(0, Postprocessing.None.Apply(v.Data, v.Shape));
        Assert.Equal(2, v.CountOf(1));
    }
}
