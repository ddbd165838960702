namespace NnUNet.Core.Datasets;

/// <summary>The two forms of dataset.json (spec §1).</summary>
public enum DatasetJsonFormat
{
    /// <summary>v1: modality, labels int -> name, training and test lists.</summary>
    V1,

    /// <summary>v2: channel_names, labels name -> int, numTraining, file_ending, optional dataset.</summary>
    V2,
}
