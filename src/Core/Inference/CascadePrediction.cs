using NnUNet.Abstractions;
using NnUNet.Core.Planning;
using static TorchSharp.torch;

namespace NnUNet.Core.Inference;

/// <summary>
/// The first step of <c>predict -m 3d_cascade_fullres</c> without <c>-l</c> (v1, spec §8 "Cascade"): the 3d_lowres
/// model predicts the input folder into <c>OUTPUT/3d_lowres/</c>, which then serves as the <c>-l</c> folder. It runs
/// with the request's folds, checkpoint, mirroring and step size, without postprocessing and probabilities: the
/// cascade was trained on raw out-of-fold 3d_lowres predictions, so it gets the same kind of input here. The folder
/// is kept (it can be passed as <c>-l</c> again, e.g. to predict with another cascade fold).
/// </summary>
public static class CascadePrediction
{
    public const string LowResolutionFolderName = Configurations.LowRes3D;

    /// <summary>Predicts <paramref name="request"/>'s input with <paramref name="lowres"/>; returns the folder of its segmentations.</summary>
    public static string PredictLowResolution(PredictionRequest request, TrainedModel lowres, Func<string, INetworkArchitecture> architectures,
        Device device, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        if (lowres.Configuration != Configurations.LowRes3D)
            throw new ArgumentException($"The first stage of the cascade is a {Configurations.LowRes3D} model, not {lowres.Configuration}.", nameof(lowres));
        string folder = Path.Combine(request.OutputFolder, LowResolutionFolderName);
        var first = request with { OutputFolder = folder, SaveProbabilities = false, ApplyPostprocessing = false, LowResolutionFolder = null };
        var networks = lowres.LoadNetworks(architectures, device);
        try
        {
            FolderPrediction.Run(first, lowres, networks, device, progress, cancellationToken);
        }
        finally
        {
            foreach (var network in networks) network.Dispose();
        }
        return folder;
    }
}
