namespace Depthwise.Kernels;

/// <summary>
/// What <see cref="DepthwisePlaneKernel"/> keeps in registers for one channel: the bias and the nine 3×3 weights, each
/// broadcast to every lane.
/// </summary>
internal readonly struct DepthwisePlaneTaps<TVector>(
    TVector bias, TVector w00, TVector w01, TVector w02, TVector w10, TVector w11, TVector w12, TVector w20, TVector w21, TVector w22)
    where TVector : struct
{
    public TVector Bias { get; } = bias;

    public TVector W00 { get; } = w00;

    public TVector W01 { get; } = w01;

    public TVector W02 { get; } = w02;

    public TVector W10 { get; } = w10;

    public TVector W11 { get; } = w11;

    public TVector W12 { get; } = w12;

    public TVector W20 { get; } = w20;

    public TVector W21 { get; } = w21;

    public TVector W22 { get; } = w22;
}
