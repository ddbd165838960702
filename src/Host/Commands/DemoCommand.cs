using System.CommandLine;
using NnUNet.Host.Demo;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet demo [-o DIR] [--quick]</c>: the whole nnU-Net workflow on generated phantoms, every step through the real
/// commands (<see cref="DemoRun"/>); <c>nnunet demo --help</c> explains the steps and how to run them on one's own data.
/// </summary>
public sealed class DemoCommand : HostCommand
{
    public const string DefaultFolder = "nnunet-demo";

    readonly Option<string> output = new("-o", "--output")
    {
        Description = $"folder for every output (default ./{DefaultFolder}); a folder an earlier demo made is replaced, any other non-empty one refused",
        HelpName = "DIR",
        DefaultValueFactory = _ => DefaultFolder,
    };
    readonly Option<bool> quick = new("--quick")
    {
        Description = "smaller budget for CI: fewer and smaller phantoms, every step still runs (about a minute)",
    };

    public DemoCommand() : base("demo",
        "Run the whole nnU-Net workflow on generated 3D and 2D phantoms on the CPU in a few minutes, printing each command; --help shows how to run the same on your data")
    {
        Options.Add(output);
        Options.Add(quick);
    }

    public override string HelpEpilog => $$"""
        What it does (each step is an nnunet command, printed before it runs, after one 'export' of the three folders):
          1. generate         3D MR-like phantoms (an organ, label 1, enclosing a lesion, label 2, at random positions, sizes
                              and orientations; 3 x 0.8 x 0.8 mm voxels, noise, intensity bias) as the raw task
                              {{DemoRun.Task3DName}}, and 2D phantoms as PNG images with label-mask PNGs
          2. convert png2d    the PNGs into the raw task {{DemoRun.Task2DName}}
          3. verify_dataset_integrity, 4. plan_and_preprocess   both tasks (nnU-Net v1 plans)
          5. a 2-fold splits_final.json for {{DemoRun.Task3DName}} (nnU-Net makes 5 folds by default)
          6. train            3d_fullres and 2d, folds 0 and 1, with {{DemoBudget.DemoTrainer}}
          7. find_best_configuration   2d, 3d_fullres or their ensemble, by cross-validated Dice
          8. predict          the held-out cases with the commands it wrote (prediction_commands.txt)
          9. evaluate_folder  Dice per class against the held-out labels (labelsTs)
         10. the 2D task: train 2d on all its cases, predict and score its held-out cases
        {{DemoBudget.DemoTrainer}} is a CPU demo/smoke-test variant (16 base features, 5 epochs x 20 iterations, no
        test-time mirroring); real models use nnUNetTrainerV2 (1000 epochs x 250 iterations, on a GPU).
        Every output (raw tasks, preprocessed data, plans, checkpoints, validation, predictions, {{DemoRun.SummaryFileName}}
        with the time of each step and the Dice per class) is in the -o folder.

        The same on your own data:
          export nnUNet_raw_data_base=/data/nnUNet_raw nnUNet_preprocessed=/data/nnUNet_preprocessed RESULTS_FOLDER=/data/nnUNet_results
          nnunet convert png2d -i /data/my_pngs -t 501 -n MyTask     # or another converter ('nnunet convert --help'), or write
                                                                     # $nnUNet_raw_data_base/nnUNet_raw_data/Task501_MyTask yourself
          nnunet verify_dataset_integrity -t 501
          nnunet plan_and_preprocess -t 501
          nnunet train 2d nnUNetTrainerV2 501 0 --npz                 # every fold 0..4 of every configuration to compare
          nnunet train 3d_fullres nnUNetTrainerV2 501 0 --npz
          nnunet find_best_configuration -m 2d 3d_fullres -t 501      # prints the predict commands, writes prediction_commands.txt
          nnunet predict -i /data/my_test_images -o /data/predictions -t 501 -m 3d_fullres
          nnunet evaluate_folder -ref /data/my_test_labels -pred /data/predictions -l 1 2
        """;

    public override int Execute(CommandContext context)
    {
        var budget = context.Get(quick) ? DemoBudget.Quick : DemoBudget.Full;
        return new DemoRun(context.Console, budget, context.Get(output)!, context.CancellationToken).Execute();
    }
}
