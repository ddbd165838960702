namespace NnUNet.Core.Inference;

/// <summary>One fold's checkpoint in a <see cref="TrainedModel"/>.</summary>
/// <param name="Fold">"0".."4" or "all".</param>
/// <param name="WeightsPath">fold_X/&lt;checkpoint&gt;.model (TorchSharp module weights).</param>
/// <param name="Description">fold_X/&lt;checkpoint&gt;.model.json.</param>
public sealed record FoldCheckpoint(string Fold, string WeightsPath, CheckpointDescription Description);
