namespace NnUNet.Core.Evaluation;

/// <summary>
/// Turns the saved probabilities of one case from several models into one label map: averages the softmax of each
/// model's <c>CASE.npz</c> (with the case's properties saved beside it) and writes the argmax in the case's original
/// geometry. Model selection scores configuration ensembles through it; the inference engine implements it.
/// </summary>
public interface IProbabilityEnsembler
{
    /// <summary>Writes the label map of the average of <paramref name="probabilityFiles"/> to <paramref name="outputFile"/> (.nii.gz).</summary>
    void Ensemble(IReadOnlyList<string> probabilityFiles, string outputFile);
}
