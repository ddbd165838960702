namespace NnUNet.Core.Training;

/// <summary>One binary part of a checkpoint, named relative to the checkpoint's folder, with what it must hold.</summary>
/// <param name="File">File name (in the folder of the checkpoint's JSON).</param>
/// <param name="Bytes">Its length.</param>
/// <param name="Sha256">SHA-256 of its content, lowercase hex: a part written by another save does not match.</param>
public sealed record CheckpointFile(string File, long Bytes, string Sha256);
