using NnUNet.Core.Datasets;
using NnUNet.Core.Planning;

namespace NnUNet.Core.Evaluation;

/// <summary>One trained configuration of a task: its trainer folder <c>nnUNet/CONFIG/TASK/TRAINER__PLANS</c> (spec §11).</summary>
public sealed record TrainedConfiguration(string Configuration, string Trainer, string PlansIdentifier, string Folder)
{
    /// <summary>The trainer v1 trains every configuration but the cascade with.</summary>
    public const string DefaultTrainer = "nnUNetTrainerV2";

    /// <summary>The trainer v1 trains 3d_cascade_fullres with.</summary>
    public const string DefaultCascadeTrainer = "nnUNetTrainerV2CascadeFullRes";

    /// <summary><c>CONFIG__TRAINER__PLANS</c>, as v1 names a model inside ensemble folder names.</summary>
    public string Identifier => $"{Configuration}__{Trainer}__{PlansIdentifier}";

    /// <summary>The model of <paramref name="configuration"/>, trained with <paramref name="cascadeTrainer"/> for the cascade and <paramref name="trainer"/> otherwise.</summary>
    public static TrainedConfiguration Locate(NnUNetPaths paths, string taskName, string configuration, string trainer, string cascadeTrainer, string plansIdentifier)
    {
        string chosen = configuration == Configurations.CascadeFullRes3D ? cascadeTrainer : trainer;
        return new TrainedConfiguration(configuration, chosen, plansIdentifier, paths.TrainingOutputFolder(configuration, taskName, chosen, plansIdentifier));
    }

    /// <summary>
    /// Resolves what the user typed for a task ("501", "Task501_Name") among the preprocessed tasks (when that
    /// folder is set) and the tasks trained in any of <paramref name="configurations"/>.
    /// </summary>
    public static TaskFolder FindTask(NnUNetPaths paths, string task, IEnumerable<string> configurations)
    {
        var roots = new List<string>();
        if (paths.PreprocessedRoot != null) roots.Add(paths.PreprocessedRoot);
        roots.AddRange(configurations.Distinct().Select(c => Path.Combine(paths.NetworkTrainingOutputFolder, c)));
        return TaskLocator.Find(task, roots);
    }
}
