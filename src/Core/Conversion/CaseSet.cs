namespace NnUNet.Core.Conversion;

/// <summary>Where a converted case goes: imagesTr + labelsTr, or imagesTs (+ labelsTs when it has a label).</summary>
public enum CaseSet
{
    Training,
    Test,
}
