namespace NnUNet.Host.Demo;

/// <summary>
/// How much the demo generates and trains. Sizes were chosen by measurement on a 2-core CPU (docs/demo.md):
/// the full budget finishes in under 5 minutes with a foreground Dice of at least 0.8 on the held-out phantoms; the
/// quick budget (CI) runs every step on fewer and smaller phantoms (cheaper iterations) in about a third of the time.
/// </summary>
/// <param name="Name">"full" or "quick".</param>
/// <param name="Shape3D">Voxels of a 3D phantom (z, y, x).</param>
/// <param name="Spacing3D">Its spacing in mm (z, y, x): anisotropic, as in most MR and CT series.</param>
/// <param name="Training3D">Training cases of the 3D task (split into the two cross-validation folds).</param>
/// <param name="Test3D">Held-out 3D cases (imagesTs, with labelsTs for the final Dice).</param>
/// <param name="Size2D">Pixels of a 2D phantom (y, x).</param>
/// <param name="Spacing2D">Its pixel spacing in mm (y, x).</param>
/// <param name="Training2D">Training images of the 2D task.</param>
/// <param name="Test2D">Held-out 2D images.</param>
/// <param name="Trainer">The trainer plugin every training uses.</param>
public sealed record DemoBudget(
    string Name,
    int[] Shape3D,
    double[] Spacing3D,
    int Training3D,
    int Test3D,
    int[] Size2D,
    double[] Spacing2D,
    int Training2D,
    int Test2D,
    string Trainer)
{
    public const string DemoTrainer = "nnUNetTrainerV2_demo";

    public static DemoBudget Full { get; } = new("full", [12, 40, 40], [3.0, 0.8, 0.8], 16, 4, [80, 80], [0.8, 0.8], 40, 8, DemoTrainer);

    public static DemoBudget Quick { get; } = new("quick", [12, 32, 32], [3.0, 0.8, 0.8], 8, 2, [48, 48], [0.8, 0.8], 16, 4, DemoTrainer);
}
