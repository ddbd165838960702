namespace NnUNet.Core.Imaging;

/// <summary>The binary morphological operators of <see cref="BallMorphology"/>.</summary>
public enum BinaryOperation
{
    Dilation,
    Erosion,

    /// <summary>Erosion, then dilation: removes what the ball does not fit into.</summary>
    Opening,

    /// <summary>Dilation, then erosion (border counts as background): fills gaps narrower than the ball.</summary>
    Closing,
}
