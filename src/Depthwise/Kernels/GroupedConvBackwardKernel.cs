using Depthwise.Geometry;
using Depthwise.Operators;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Kernels;

/// <summary>
/// The backward pass of the grouped convolution, NCHW, lowered to GEMM like the forward (<see cref="GroupedConvKernel"/>):
/// per image and group, with columns = im2col(in_g) (depth = Cin/g·kH·kW, Ho·Wo),
/// ∂W_g += ∂out_g (Cout/g, Ho·Wo) · columnsᵀ and ∂in_g = col2im(W_gᵀ (depth, Cout/g) · ∂out_g).
/// A 1×1, stride-1, unpadded convolution needs neither im2col nor col2im: the input plane is the column matrix.
/// </summary>
internal static class GroupedConvBackwardKernel
{
    /// <summary>
    /// Floats of scratch <see cref="AccumulateImage"/> needs: columns, their gradient, one group's weight gradient and
    /// the columns packed as the right operand of ∂W's GEMM.
    /// </summary>
    public static long ScratchLength(int inputChannels, int outputChannels, int groups, in ConvGeometry geometry)
    {
        var depth = (long)(inputChannels / groups) * geometry.Taps;
        var columns = GroupedConvKernel.IsPointwise(geometry) ? 0 : 2 * depth * geometry.OutputPixels;
        var packed = GemmKernel.PackedRightLength((int)Math.Min(geometry.OutputPixels, int.MaxValue), (int)Math.Min(depth, int.MaxValue));
        return columns + (depth * (outputChannels / groups)) + packed;
    }

    // gradOutput (Cout, Ho, Wo), input (Cin, H, W), weights (Cout, Cin/g, kH, kW) of one image → gradInput (Cin, H, W) (overwritten; empty to skip it), gradWeights (Cout, Cin/g, kH, kW) +=
    public static void AccumulateImage(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        Span<float> gradInput,
        Span<float> gradWeights,
        Span<float> scratch,
        int inputChannels,
        int outputChannels,
        int groups,
        in ConvGeometry geometry,
        int threads)
    {
        var groupInputs = inputChannels / groups;
        var groupOutputs = outputChannels / groups;
        var depth = groupInputs * geometry.Taps;
        var pixels = geometry.OutputHeight * geometry.OutputWidth;
        var inputPlane = geometry.InputHeight * geometry.InputWidth;
        var pointwise = GroupedConvKernel.IsPointwise(geometry);
        var columnLength = pointwise ? 0 : depth * pixels;
        var columns = scratch[..columnLength];
        var gradColumns = scratch.Slice(columnLength, columnLength);
        var product = scratch.Slice(2 * columnLength, groupOutputs * depth);
        var packedRight = scratch[((2 * columnLength) + (groupOutputs * depth))..];
        for (var group = 0; group < groups; group++)
        {
            var groupInput = input.Slice(group * groupInputs * inputPlane, groupInputs * inputPlane);
            var groupGradInput = gradInput.IsEmpty ? default : gradInput.Slice(group * groupInputs * inputPlane, groupInputs * inputPlane);
            var groupGradOutput = gradOutput.Slice(group * groupOutputs * pixels, groupOutputs * pixels);
            var groupWeights = weights.Slice(group * groupOutputs * depth, groupOutputs * depth);
            var groupGradWeights = gradWeights.Slice(group * groupOutputs * depth, groupOutputs * depth);
            ReadOnlySpan<float> groupColumns = groupInput;
            if (!pointwise)
            {
                Im2Col.FillNchw(groupInput, groupInputs, geometry, 0, pixels, columns);
                groupColumns = columns;
            }

            // ∂W_g (Cout/g, depth) += ∂out_g (Cout/g, pixels) · columnsᵀ (pixels, depth), columnsᵀ packed into the scratch
            var packed = PackTransposed(groupColumns, pixels, depth, packedRight);
            GemmKernel.MultiplyPacked(
                groupOutputs, depth, pixels, groupGradOutput, pixels, 1, packed, product, depth, outputTransposed: false, [], GemmBias.None, Activation.None, threads);
            TensorPrimitives.Add(groupGradWeights, product, groupGradWeights);
            if (gradInput.IsEmpty)
            {
                // The caller does not need ∂in (a network's first layer): half the work saved.
                continue;
            }

            // ∂columns (depth, pixels) = W_gᵀ (depth, Cout/g) · ∂out_g (Cout/g, pixels); pointwise: that is ∂in_g itself
            var target = pointwise ? groupGradInput : gradColumns;
            GemmKernel.Multiply(
                depth, pixels, groupOutputs, groupWeights, 1, depth, groupGradOutput, pixels, 1, target, pixels, [], GemmBias.None, Activation.None, threads);
            if (!pointwise)
            {
                groupGradInput.Clear();
                Col2Im.AccumulateNchw(gradColumns, groupInputs, geometry, groupGradInput);
            }
        }
    }

    // columns (depth, pixels) → columnsᵀ (pixels, depth) in GEMM panel order, from the first 64-byte boundary of `scratch`
    private static unsafe ReadOnlySpan<float> PackTransposed(ReadOnlySpan<float> columns, int pixels, int depth, Span<float> scratch)
    {
        fixed (float* source = columns, scratchBase = scratch)
        {
            var offset = (int)(GemmKernel.Align(scratchBase) - scratchBase);
            var length = (int)GemmPacking.PackedLength(pixels, depth, GemmKernel.Lanes);
            GemmPacking.PackRight(source, 1, pixels, pixels, depth, GemmKernel.PanelColumns, GemmKernel.Lanes, scratchBase + offset);
            return scratch.Slice(offset, length);
        }
    }
}
