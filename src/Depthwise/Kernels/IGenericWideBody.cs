namespace Depthwise.Kernels;

/// <summary>
/// A generic-body block of sixteen or twenty-four pixels of one output row for 16-lane registers, run by
/// <c>DepthwiseConvKernel.WideGenericRows</c>: <see cref="TapsGenericWide"/> for any kernel, stride and dilation, or a
/// body for one kernel width and dilation that loads each input column once for all its taps.
/// </summary>
internal interface IGenericWideBody
{
    static abstract void Block<TSimd, TVector, TColumns, TPixelStep, TWidth, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TPixelStep : struct, IGenericPixelStep
        where TWidth : struct, IGenericBlockWidth
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>;
}
