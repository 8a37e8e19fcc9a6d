namespace Depthwise.Kernels;

/// <summary>
/// What <see cref="DepthwiseBodyDispatch"/> runs once it has turned the vector width, block body and activation into
/// types: the depthwise operator's work items, or the depthwise stage of the fused separable block.
/// </summary>
internal interface IDepthwiseBodyTarget
{
    void Run<TSimd, TVector, TTaps, TActivation>(TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TActivation : struct, IActivationOperator<TActivation>;
}
