namespace Depthwise.Kernels;

/// <summary>
/// A stride-1 run-taps type that also computes a whole row of 7 output pixels of one channel block as one run
/// (<see cref="Taps5x5Stride1Run"/>; the stride-2 runs have their own, <see cref="IDepthwiseStride2RunTaps"/>).
/// </summary>
internal interface IDepthwiseSevenPixelRun
{
    /// <summary>Computes all 7 output pixels of a row of 7, activates them and hands them to <paramref name="output"/>.</summary>
    static abstract void RunSeven<TSimd, TVector, TOutput, TActivation>(in DepthwiseRow row, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>;
}
