namespace NnUNet.Core.Evaluation;

/// <summary>A candidate of model selection: one configuration, or the ensemble of two, with its cross-validation scores.</summary>
/// <param name="Name">The configuration name, or the ensemble folder name (ensemble_M1__TR__PL--M2__TR__PL).</param>
/// <param name="Models">The configuration, or the two ensembled configurations.</param>
/// <param name="Folder">Where its results live: the trainer folder, or the ensemble folder.</param>
/// <param name="RawSubfolder">The scored predictions inside <paramref name="Folder"/> (cv_niftis_raw or ensembled_raw).</param>
/// <param name="Summary">The scores of the raw (not postprocessed) predictions.</param>
public sealed record ModelScore(string Name, IReadOnlyList<TrainedConfiguration> Models, string Folder, string RawSubfolder, EvaluationSummary Summary)
{
    public bool IsEnsemble => Models.Count > 1;

    /// <summary>The selection score: foreground-mean Dice before postprocessing (spec §10).</summary>
    public double ForegroundDice => Summary.ForegroundMeanDice;

    /// <summary>The folder postprocessing of this candidate writes into.</summary>
    public string PostprocessedSubfolder => IsEnsemble ? ConfigurationEnsemble.PostprocessedFolderName : FoldConsolidation.CrossValidationPostprocessedFolderName;
}
