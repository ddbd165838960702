namespace NnUNet.Core.Imaging;

/// <summary>
/// B-spline order of an interpolation, with the values nnU-Net's plans store (order 0, 1, 3).
/// Casting a plan's integer to this enum is the intended conversion.
/// </summary>
public enum InterpolationOrder
{
    /// <summary>Order 0: the nearest sample (round half up of the source coordinate).</summary>
    Nearest = 0,

    /// <summary>Order 1: linear interpolation between the two neighbouring samples.</summary>
    Linear = 1,

    /// <summary>Order 3: cubic B-spline interpolation of the prefiltered samples.</summary>
    Cubic = 3,
}
