namespace NnUNet.Core.Datasets;

/// <summary>
/// Folders given explicitly on the command line. Each one, when set, wins over its environment variable
/// (see <see cref="NnUNetPaths"/>); null means "use the environment".
/// </summary>
/// <param name="RawDataBase">v1 raw base (holds nnUNet_raw_data/ and nnUNet_cropped_data/); replaces nnUNet_raw_data_base.</param>
/// <param name="Raw">v2 raw folder (holds DatasetXXX_Name/ directly); replaces nnUNet_raw.</param>
/// <param name="Preprocessed">Preprocessed folder; replaces nnUNet_preprocessed.</param>
/// <param name="Results">Results root; replaces RESULTS_FOLDER (v1) and nnUNet_results (v2).</param>
public sealed record NnUNetFolderOptions(
    string? RawDataBase = null,
    string? Raw = null,
    string? Preprocessed = null,
    string? Results = null)
{
    /// <summary>No explicit folder: everything comes from the environment.</summary>
    public static NnUNetFolderOptions None { get; } = new();
}
