namespace NnUNet.Core.Evaluation;

/// <summary>The outcome of <c>find_best_configuration</c>.</summary>
/// <param name="Candidates">Every configuration and ensemble scored, in the order compared.</param>
/// <param name="Best">The winner (highest foreground-mean Dice; the first of equal ones).</param>
/// <param name="Classes">The foreground classes of the per-class columns.</param>
/// <param name="Postprocessing">The winner's postprocessing, or null when disabled.</param>
/// <param name="PredictionCommands">The commands to predict test cases with the winner, one per line.</param>
/// <param name="CommandsFile">prediction_commands.txt.</param>
/// <param name="SummaryFile">summary.csv (per-class Dice of every candidate).</param>
/// <param name="Skipped">Configurations and ensembles skipped without --strict, with the reason.</param>
public sealed record BestConfigurationResult(
    IReadOnlyList<ModelScore> Candidates,
    ModelScore Best,
    IReadOnlyList<int> Classes,
    Postprocessing? Postprocessing,
    string PredictionCommands,
    string CommandsFile,
    string SummaryFile,
    IReadOnlyList<string> Skipped);
