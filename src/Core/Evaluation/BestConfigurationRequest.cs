using NnUNet.Core.Planning;

namespace NnUNet.Core.Evaluation;

/// <summary>What <c>find_best_configuration</c> compares (v1 options, spec §10).</summary>
public sealed record BestConfigurationRequest
{
    /// <summary>The task folder name (TaskXXX_Name).</summary>
    public required string TaskName { get; init; }

    /// <summary>Configurations to compare (-m), in the order ties are broken.</summary>
    public IReadOnlyList<string> Configurations { get; init; } = Planning.Configurations.All;

    /// <summary>Trainer of every configuration but the cascade (-tr).</summary>
    public string Trainer { get; init; } = TrainedConfiguration.DefaultTrainer;

    /// <summary>Trainer of 3d_cascade_fullres (-ctr).</summary>
    public string CascadeTrainer { get; init; } = TrainedConfiguration.DefaultCascadeTrainer;

    /// <summary>Plans identifier (-pl).</summary>
    public string PlansIdentifier { get; init; } = ExperimentPlans.PlansIdentifierV21;

    /// <summary>Folds of the cross-validation (-f).</summary>
    public IReadOnlyList<int> Folds { get; init; } = FoldConsolidation.DefaultFolds;

    /// <summary>A configuration that is not trained or cannot be scored is an error instead of a warning (--strict).</summary>
    public bool Strict { get; init; }

    /// <summary>Score single configurations only (--disable_ensembling).</summary>
    public bool DisableEnsembling { get; init; }

    /// <summary>Do not determine postprocessing for the winner, nor pass one to the ensemble command (--disable_postprocessing).</summary>
    public bool DisablePostprocessing { get; init; }
}
