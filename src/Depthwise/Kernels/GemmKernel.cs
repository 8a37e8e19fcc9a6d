using System.Buffers;
using System.Runtime.Intrinsics;
using Depthwise.Operators;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// Single-precision GEMM with fused bias and activation: packing (<see cref="GemmPacking"/>), a register-tiled micro-kernel
/// (<see cref="IGemmMicroKernel"/>) and cache blocking (<see cref="GemmBlocking"/>), threaded over output tiles
/// (<see cref="GemmJob{TMicroKernel, TActivation}"/>).
/// </summary>
/// <remarks>
/// Deterministic: every output element is reduced by one thread, over k in increasing order, in depth slices whose
/// boundaries depend only on <see cref="GemmBlocking.DepthBlock"/>, so the result is the same for any thread count.
/// Element (i, j) of an operand is at <c>i·rowStride + j·columnStride</c>, so transposed or strided views need no copy.
/// </remarks>
internal static unsafe class GemmKernel
{
    // left (rows, depth), right (depth, columns) → output (rows, columns) = activation(left · right + bias)
    public static void Multiply(
        int rows,
        int columns,
        int depth,
        ReadOnlySpan<float> left,
        int leftRowStride,
        int leftColumnStride,
        ReadOnlySpan<float> right,
        int rightRowStride,
        int rightColumnStride,
        Span<float> output,
        int outputRowStride,
        ReadOnlySpan<float> bias,
        GemmBias biasMode,
        Activation activation,
        int threads) =>
        Multiply(
            rows, columns, depth, left, leftRowStride, leftColumnStride, right, rightRowStride, rightColumnStride,
            output, outputRowStride, bias, biasMode, activation, threads, GemmBlocking.Default);

    // left (rows, depth), right (depth, columns) → output (rows, columns) = activation(left · right + bias), with explicit blocking
    public static void Multiply(
        int rows,
        int columns,
        int depth,
        ReadOnlySpan<float> left,
        int leftRowStride,
        int leftColumnStride,
        ReadOnlySpan<float> right,
        int rightRowStride,
        int rightColumnStride,
        Span<float> output,
        int outputRowStride,
        ReadOnlySpan<float> bias,
        GemmBias biasMode,
        Activation activation,
        int threads,
        GemmBlocking blocking)
    {
        fixed (float* leftPointer = left, rightPointer = right, outputPointer = output, biasPointer = bias)
        {
            var operands = new GemmOperands(
                rows, columns, depth, leftPointer, leftRowStride, leftColumnStride, rightPointer, rightRowStride, rightColumnStride,
                outputPointer, outputRowStride, biasPointer, biasMode);

            // The one place the vector width is chosen; everything below is generic over the micro-kernel.
            if (Vector512.IsHardwareAccelerated)
            {
                WithActivation<GemmMicroKernelVector512>(operands, activation, threads, blocking);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                WithActivation<GemmMicroKernelVector256>(operands, activation, threads, blocking);
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                WithActivation<GemmMicroKernelVector128>(operands, activation, threads, blocking);
            }
            else
            {
                WithActivation<GemmMicroKernelScalar>(operands, activation, threads, blocking);
            }
        }
    }

    private static void WithActivation<TMicroKernel>(in GemmOperands operands, Activation activation, int threads, GemmBlocking blocking)
        where TMicroKernel : struct, IGemmMicroKernel
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                Run<TMicroKernel, IdentityOperator>(operands, default, threads, blocking);
                return;
            case ActivationKind.Relu:
                Run<TMicroKernel, ReluOperator>(operands, default, threads, blocking);
                return;
            case ActivationKind.HardSwish:
                Run<TMicroKernel, HardSwishOperator>(operands, default, threads, blocking);
                return;
            default:
                Run<TMicroKernel, ClipOperator>(operands, new ClipOperator(activation.Min, activation.Max), threads, blocking);
                return;
        }
    }

    private static void Run<TMicroKernel, TActivation>(in GemmOperands operands, TActivation activation, int threads, GemmBlocking blocking)
        where TMicroKernel : struct, IGemmMicroKernel
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var packedRight = ArrayPool<float>.Shared.Rent(checked((int)GemmJob<TMicroKernel, TActivation>.PackedRightLength(operands)));
        try
        {
            fixed (float* packedRightBase = packedRight)
            {
                var job = new GemmJob<TMicroKernel, TActivation>(operands, blocking, activation, packedRightBase);
                if (threads <= 1)
                {
                    for (var block = 0; block < job.ColumnBlocks; block++)
                    {
                        job.PackRightBlock(block);
                    }
                }
                else
                {
                    Parallelism.For(job.ColumnBlocks, threads, job.PackRightBlock);
                }

                Compute(job, threads);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedRight);
        }
    }

    private static void Compute<TMicroKernel, TActivation>(GemmJob<TMicroKernel, TActivation> job, int threads)
        where TMicroKernel : struct, IGemmMicroKernel
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (threads <= 1 || job.Tiles == 1)
        {
            // Same tiles, same order per element; only skips the delegate for the common single-threaded call.
            for (var tile = 0; tile < job.Tiles; tile++)
            {
                job.ComputeTile(tile);
            }

            return;
        }

        Parallelism.For(job.Tiles, threads, job.ComputeTile);
    }
}
