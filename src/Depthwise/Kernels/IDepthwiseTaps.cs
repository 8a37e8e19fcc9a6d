namespace Depthwise.Kernels;

/// <summary>
/// One way of computing a block of <see cref="DepthwiseConvKernel.PixelsPerBlock"/> output pixels of one channel
/// block: specialised 3×3 and 5×5 bodies for strides 1 and 2, and the generic tap loop for everything else. Every
/// implementation starts from the bias and adds one fused multiply-add per tap in (ky, kx) order, so all of them
/// produce the same bits for the same output element.
/// </summary>
internal interface IDepthwiseTaps
{
    /// <summary>Computes output pixels x … x + 7 of <paramref name="row"/>, activates them and hands them to <paramref name="output"/>.</summary>
    static abstract void Block<TSimd, TVector, TColumns, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>;
}
