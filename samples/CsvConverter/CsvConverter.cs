using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Imaging;

namespace NnUNet.Samples.CsvConverter;

/// <summary>
/// Sample converter plugin: the cases are the rows of a CSV file, <c>id,image,label</c>, with paths relative to
/// the file (no quoting; an empty label makes a test case). Images may be PNG or TIFF: single images become
/// pseudo-3D 2D cases, stacks 3D volumes of unit spacing. Everything else (reading, label checks, NIfTI files,
/// dataset.json, progress, all cores) is NnUNet.Core.Conversion's <see cref="SourceCaseConverter"/>.
/// </summary>
[DatasetConverter("csv",
    Description = "Cases listed in a CSV file (sample plugin)",
    Input = "cases.csv with the header id,image,label (paths relative to it; empty label = test case) and the PNG/TIFF files it lists")]
public sealed class CsvConverter : IDatasetConverter
{
    static readonly ConverterOption FileOption = new("csv", "The CSV file in the source folder (default cases.csv)", ValueName: "FILE");

    public IReadOnlyList<ConverterOption> Options => [FileOption, .. CommonConverterOptions.All];

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var options = new ConverterOptionValues(request.Options);
        string csv = Path.Combine(request.SourceDirectory, options.Text(FileOption.Name) ?? "cases.csv");
        new SourceCaseConverter
        {
            Labels = CommonConverterOptions.Mapping(options),
            DeclaredLabels = CommonConverterOptions.DeclaredLabels(options),
            Modalities = CommonConverterOptions.Modalities(options),
            Placement = (_, header) => header.Shape[0] == 1 ? PseudoThreeD.Geometry() : ImageGeometry.Identity,
        }.Run(request, ReadCases(csv), progress, cancellationToken);
    }

    static List<SourceCase> ReadCases(string csv)
    {
        if (!File.Exists(csv)) throw new InvalidInputException($"{csv}: file not found");
        string folder = Path.GetDirectoryName(csv)!;
        string[] lines = File.ReadAllLines(csv);
        if (lines.Length == 0 || lines[0].Replace(" ", "") != "id,image,label")
            throw new InvalidInputException($"{csv}: the first line must be the header id,image,label");
        var cases = new List<SourceCase>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0) continue;
            string[] cells = lines[n].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != 3 || cells[0].Length == 0 || cells[1].Length == 0)
                throw new InvalidInputException($"{csv} line {n + 1}: expected id,image,label, got '{lines[n]}'");
            string image = Path.GetFullPath(Path.Combine(folder, cells[1]));
            string? label = cells[2].Length > 0 ? Path.GetFullPath(Path.Combine(folder, cells[2])) : null;
            foreach (string file in label is null ? [image] : new[] { image, label })
                if (!File.Exists(file)) throw new InvalidInputException($"{csv} line {n + 1}: {file} not found");
            cases.Add(new SourceCase(cells[0], image, label, label is null ? CaseSet.Test : CaseSet.Training));
        }
        return cases;
    }
}
