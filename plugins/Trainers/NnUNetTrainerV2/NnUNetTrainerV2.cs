using NnUNet.Abstractions;
using NnUNet.Core.Training;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnU-Net v1's default trainer: all of <see cref="NnUNetTrainer"/> unchanged. The variants derive from it.</summary>
[Trainer("nnUNetTrainerV2", Description = "nnU-Net v1 default: 1000 epochs x 250 iterations, SGD 0.01 poly, Dice+CE with deep supervision, full augmentation")]
public class NnUNetTrainerV2 : NnUNetTrainer;
