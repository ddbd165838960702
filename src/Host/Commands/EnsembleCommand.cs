using System.CommandLine;
using NnUNet.Core.Inference;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet ensemble -f DIR1 DIR2 ... -o OUT [-pp postprocessing.json] [--npz]</c> (v1 nnUNet_ensemble, spec §8):
/// per case, the mean of the probabilities every folder saved with <c>--save_npz</c>, then the argmax, written with
/// the case's raw geometry. With -pp the postprocessed result goes to OUT and the raw one to OUT/not_postprocessed.
/// </summary>
public sealed class EnsembleCommand : HostCommand
{
    const string NotPostprocessedFolder = "not_postprocessed"; // v1's layout with -pp

    readonly Option<string[]> folders = new("-f", "--folders")
    {
        Description = "prediction folders holding CASE.npz + CASE.json (from predict --save_npz)",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };
    readonly Option<string> output = new("-o", "--output") { Description = "output folder", Required = true };
    readonly Option<string?> postprocessing = new("-pp", "--postprocessing_file") { Description = "postprocessing.json to apply" };
    readonly Option<bool> npz = new("--npz") { Description = "also save the averaged probabilities (CASE.npz + CASE.json)" };

    public EnsembleCommand() : base("ensemble", "Average the saved probabilities of several prediction folders, then take the argmax")
    {
        Options.Add(folders);
        Options.Add(output);
        Options.Add(postprocessing);
        Options.Add(npz);
    }

    public override int Execute(CommandContext context)
    {
        var inputs = context.Get(folders)!.Select(Path.GetFullPath).ToArray();
        string outputFolder = Path.GetFullPath(context.Get(output)!);
        string? ppFile = context.Get(postprocessing);
        bool saveNpz = context.Get(npz);
        var postprocessor = ppFile is null ? null : SegmentationPostprocessing.Load(ppFile);
        var cases = ProbabilityEnsemble.CommonCases(inputs);
        string rawFolder = postprocessor is null ? outputFolder : Path.Combine(outputFolder, NotPostprocessedFolder);
        Directory.CreateDirectory(rawFolder);

        context.Console.RunWithProgress($"ensemble of {inputs.Length} folders", progress =>
            CasePipeline.Run(cases,
                id => id,
                (id, _) => ProbabilityEnsemble.Combine(inputs, id, saveNpz),
                (id, ensemble) =>
                {
                    ensemble.Write(Path.Combine(rawFolder, id + ".nii.gz"), saveNpz ? Path.Combine(rawFolder, id + ProbabilitiesFile.Extension) : null);
                    if (postprocessor is null) return;
                    postprocessor.Apply(ensemble.Segmentation);
                    Core.Imaging.NiftiWriter.Write(Path.Combine(outputFolder, id + ".nii.gz"), ensemble.Segmentation);
                },
                progress, "ensemble", context.CancellationToken));
        context.Console.Info($"{cases.Count} cases ensembled into {outputFolder}");
        return ExitCodes.Success;
    }
}
