using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NnUNet.Abstractions;
using NnUNet.Core.IO;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// Checkpoints in a fold folder (spec §7 "Checkpoints", v1 names): <c>model_latest</c>, <c>model_best</c> and
/// <c>model_final_checkpoint</c>, each as three files: <c>NAME.model</c> (network weights, TorchSharp format),
/// <c>NAME.model.optimizer</c> (optimizer state) and <c>NAME.model.json</c> (<see cref="CheckpointInfo"/>).
/// Each file is written to a temporary file and renamed; the JSON goes last and records the size and SHA-256 of the
/// other two, so it commits the checkpoint: a save killed between the renames leaves parts that do not match their
/// JSON, and such a checkpoint is reported and skipped instead of loading weights from one epoch with the history of
/// another.
/// </summary>
public static class TrainingCheckpoint
{
    public const string Latest = "model_latest";
    public const string Best = "model_best";
    public const string Final = "model_final_checkpoint";

    public const string WeightsExtension = ".model";
    public const string OptimizerExtension = ".model.optimizer";
    public const string InfoExtension = ".model.json";

    /// <summary>Order in which -c looks for a checkpoint to continue from (spec §7: final > latest > best).</summary>
    public static IReadOnlyList<string> ContinueOrder { get; } = [Final, Latest, Best];

    /// <summary>JSON of <see cref="CheckpointInfo"/>: snake_case names as the other nnU-Net files, NaN allowed.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonFile.Options)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string InfoPath(string folder, string name) => Path.Combine(folder, name + InfoExtension);

    public static string WeightsPath(string folder, string name) => Path.Combine(folder, name + WeightsExtension);

    /// <summary>Whether the checkpoint's JSON exists (it may still be incomplete; <see cref="Read"/> checks).</summary>
    public static bool Exists(string folder, string name) => File.Exists(InfoPath(folder, name));

    /// <summary>Writes weights, optimizer state and then the JSON (each atomically); returns the JSON as written.</summary>
    public static CheckpointInfo Save(string folder, string name, nn.Module network, OptimizerHelper optimizer, CheckpointInfo info)
    {
        Directory.CreateDirectory(folder);
        var weights = WritePart(folder, name + WeightsExtension, writer => network.save(writer));
        var optimizerState = WritePart(folder, name + OptimizerExtension, optimizer.save_state_dict);
        var written = info with { Weights = weights, Optimizer = optimizerState, SavedAt = DateTimeOffset.Now };
        AtomicFile.Write(InfoPath(folder, name), stream => JsonSerializer.Serialize(stream, written, JsonOptions));
        return written;
    }

    /// <summary>
    /// Reads and checks a checkpoint: its JSON parses and both parts exist with the recorded size and hash. Throws
    /// <see cref="InvalidInputException"/> naming the file otherwise.
    /// </summary>
    public static CheckpointInfo Read(string folder, string name)
    {
        string path = InfoPath(folder, name);
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: checkpoint not found.");
        CheckpointInfo? info;
        try
        {
            using var stream = File.OpenRead(path);
            info = JsonSerializer.Deserialize<CheckpointInfo>(stream, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not a valid checkpoint description: {e.Message}", e);
        }
        if (info is null) throw new InvalidInputException($"{path}: the file holds JSON null.");
        if (info.FormatVersion != CheckpointInfo.CurrentFormatVersion)
            throw new InvalidInputException($"{path}: checkpoint format {info.FormatVersion} is not supported (expected {CheckpointInfo.CurrentFormatVersion}).");
        Verify(path, folder, info.Weights, "weights");
        Verify(path, folder, info.Optimizer, "optimizer state");
        return info;
    }

    /// <summary>
    /// The checkpoint -c continues from: the first complete one of <see cref="ContinueOrder"/>, or null when there is
    /// none. Checkpoints that exist but cannot be used are reported through <paramref name="skipped"/>.
    /// </summary>
    public static (string Name, CheckpointInfo Info)? FindForContinue(string folder, Action<string> skipped)
    {
        foreach (string name in ContinueOrder)
        {
            if (!Exists(folder, name)) continue;
            try
            {
                return (name, Read(folder, name));
            }
            catch (InvalidInputException e)
            {
                skipped(e.Message);
            }
        }
        return null;
    }

    /// <summary>Loads the checkpoint's weights into <paramref name="network"/> (built from <see cref="CheckpointInfo.Network"/>).</summary>
    public static void LoadWeights(string folder, CheckpointInfo info, nn.Module network)
    {
        string path = Path.Combine(folder, Required(info.Weights, folder, "weights").File);
        try
        {
            network.load(path, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            throw new InvalidInputException($"{path}: the weights do not fit the network {info.Architecture} {DescribeSpec(info.Network)}: {e.Message}", e);
        }
    }

    /// <summary>Loads the checkpoint's optimizer state (learning rate, momentum, momentum buffers) into <paramref name="optimizer"/>.</summary>
    public static void LoadOptimizer(string folder, CheckpointInfo info, OptimizerHelper optimizer)
    {
        string path = Path.Combine(folder, Required(info.Optimizer, folder, "optimizer state").File);
        try
        {
            using (var reader = new BinaryReader(File.OpenRead(path))) optimizer.load_state_dict(reader);
            MoveMomentumBuffersToTheirParameters(optimizer);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            throw new InvalidInputException($"{path}: the optimizer state does not fit this trainer's optimizer: {e.Message}", e);
        }
    }

    /// <summary>
    /// TorchSharp loads SGD momentum buffers onto the CPU (and its optimizer.to does not move them); put each on its
    /// parameter's device so that a training resumed on CUDA keeps everything there.
    /// </summary>
    static void MoveMomentumBuffersToTheirParameters(OptimizerHelper optimizer)
    {
        var parameters = optimizer.parameters().ToList();
        var states = optimizer.state_dict().State;
        for (int i = 0; i < Math.Min(parameters.Count, states.Count); i++)
        {
            if (states[i] is not SGD.State { momentum_buffer: { } buffer } state) continue;
            if (buffer.device_type == parameters[i].device_type && buffer.device_index == parameters[i].device_index) continue;
            state.momentum_buffer = buffer.to(parameters[i].device).DetachFromDisposeScope();
            buffer.Dispose();
        }
    }

    /// <summary>Deletes a checkpoint, its JSON first so that a partly deleted checkpoint is never taken as complete.</summary>
    public static void Delete(string folder, string name)
    {
        File.Delete(InfoPath(folder, name));
        File.Delete(Path.Combine(folder, name + WeightsExtension));
        File.Delete(Path.Combine(folder, name + OptimizerExtension));
    }

    static CheckpointFile WritePart(string folder, string file, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) write(writer);
        string hash = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        AtomicFile.Write(Path.Combine(folder, file), stream => buffer.WriteTo(stream));
        return new CheckpointFile(file, buffer.Length, hash);
    }

    static void Verify(string infoPath, string folder, CheckpointFile? part, string what)
    {
        if (part is null) throw new InvalidInputException($"{infoPath}: names no {what} file.");
        string path = Path.Combine(folder, part.File);
        if (Path.GetFileName(part.File) != part.File) throw new InvalidInputException($"{infoPath}: {what} file '{part.File}' is not a file name in the checkpoint's folder.");
        var file = new FileInfo(path);
        if (!file.Exists) throw new InvalidInputException($"{infoPath}: its {what} file {path} is missing.");
        string hash;
        using (var stream = file.OpenRead()) hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (file.Length != part.Bytes || hash != part.Sha256)
            throw new InvalidInputException($"{infoPath}: its {what} file {path} was written by another save (interrupted checkpoint); not used.");
    }

    static CheckpointFile Required(CheckpointFile? part, string folder, string what) =>
        part ?? throw new InvalidInputException($"Checkpoint in {folder} names no {what} file.");

    static string DescribeSpec(NetworkSpec spec) =>
        $"({spec.Dimensions}D, {spec.InputChannels} input channels, {spec.NumClasses} classes, {spec.PoolKernelSizes.Length} pools)";
}
