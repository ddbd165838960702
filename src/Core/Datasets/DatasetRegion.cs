namespace NnUNet.Core.Datasets;

/// <summary>A v2 region: a named union of label values, e.g. "whole_tumor": [1, 2, 3] (spec §1).</summary>
/// <param name="Name">Region name as in dataset.json.</param>
/// <param name="Labels">The label values the region covers.</param>
public sealed record DatasetRegion(string Name, IReadOnlyList<int> Labels);
