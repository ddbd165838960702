namespace NnUNet.Core.Planning;

/// <summary>The v1 configuration names a user passes to training and prediction.</summary>
public static class Configurations
{
    public const string TwoD = "2d";
    public const string FullRes3D = "3d_fullres";
    public const string LowRes3D = "3d_lowres";

    /// <summary>Trains on the 3d_fullres stage of a 2-stage plan, with the 3d_lowres prediction as extra input.</summary>
    public const string CascadeFullRes3D = "3d_cascade_fullres";

    /// <summary>All names, in the order v1 lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [TwoD, LowRes3D, FullRes3D, CascadeFullRes3D];
}
