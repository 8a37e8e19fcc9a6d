using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>Conv (onto the library's Conv2d, which dispatches depthwise cases to the depthwise kernels) and ConvTranspose.</summary>
internal static partial class OnnxOperators
{
    /// <summary>The 2-D geometry attributes of a Conv/ConvTranspose/pool node, validated at load time.</summary>
    internal sealed record SpatialAttributes(long[]? KernelShape, Size2D Stride, Size2D Dilation, string AutoPad, long[] Pads);

    internal static SpatialAttributes ReadSpatial(OnnxNode node)
    {
        var kernel = node.Ints("kernel_shape");
        var strides = node.Ints("strides") ?? [1, 1];
        var dilations = node.Ints("dilations") ?? [1, 1];
        var pads = node.Ints("pads") ?? [0, 0, 0, 0];
        var autoPad = node.String("auto_pad", "NOTSET");
        if ((kernel is not null && kernel.Length != 2) || strides.Length != 2 || dilations.Length != 2 || pads.Length != 4)
        {
            throw node.Error("only 2-D windows are supported: kernel_shape, strides and dilations need 2 values and pads 4.");
        }

        if (strides.Concat(dilations).Concat(kernel ?? [1, 1]).Any(v => v is < 1 or > 65536) || pads.Any(p => p is < 0 or > 65536))
        {
            throw node.Error($"kernel_shape, strides, dilations must be 1 to 65536 and pads 0 to 65536; got kernel ({Join(kernel)}), strides ({Join(strides)}), dilations ({Join(dilations)}), pads ({Join(pads)}).");
        }

        if (autoPad is not ("NOTSET" or "SAME_UPPER" or "SAME_LOWER" or "VALID"))
        {
            throw node.Error($"attribute auto_pad is '{autoPad}'; expected NOTSET, SAME_UPPER, SAME_LOWER or VALID.");
        }

        return new SpatialAttributes(kernel, new Size2D((int)strides[0], (int)strides[1]), new Size2D((int)dilations[0], (int)dilations[1]), autoPad, pads);
    }

    internal static Padding ToPadding(SpatialAttributes spatial) => spatial.AutoPad switch
    {
        "SAME_UPPER" => Padding.SameUpper,
        "SAME_LOWER" => Padding.SameLower,
        "VALID" => Padding.Valid,
        // ONNX pads are [top, left, bottom, right]: all begins, then all ends.
        _ => Padding.Explicit((int)spatial.Pads[0], (int)spatial.Pads[1], (int)spatial.Pads[2], (int)spatial.Pads[3]),
    };

    private static string Join(long[]? values) => values is null ? string.Empty : string.Join(", ", values);

    /// <summary>A Conv node's group count and Conv2d options, as its attributes (and fused activation) say.</summary>
    internal static (int Groups, Conv2dOptions Options) ConvolutionSettings(OnnxNode node)
    {
        var spatial = ReadSpatial(node);
        return (node.IntInRange("group", 1, 1, int.MaxValue), new Conv2dOptions
        {
            Stride = spatial.Stride,
            Dilation = spatial.Dilation,
            Padding = ToPadding(spatial),
            Activation = node.FusedActivation,
            Threads = node.Threads,
        });
    }

    private static OperatorBody Conv(OnnxNode node)
    {
        var spatial = ReadSpatial(node);
        var (groups, options) = ConvolutionSettings(node);
        var constantWeights = node.Constant(1) is { } w ? ToTensor(w, "weights W") : null;
        var constantBias = node.Constant(2) is { } b ? ToTensor(b, "bias B") : null;
        if (constantWeights is not null)
        {
            CheckKernelShape(node, spatial, constantWeights.Shape);
        }

        return inputs =>
        {
            // x (N, Cin, H, W), W (Cout, Cin/group, kH, kW), B (Cout) → y (N, Cout, Ho, Wo)
            var x = RequiredFloat(inputs, 0);
            RequireRank(x, 4, "input X");
            var weights = constantWeights ?? ToTensor(RequiredFloat(inputs, 1), "weights W");
            CheckKernelShape(node, spatial, weights.Shape);
            var bias = constantBias ?? (Optional(inputs, 2) is { } biasValue ? ToTensor(biasValue, "bias B") : null);
            var input = ToTensor(x, "input X");
            var geometry = Conv2d.Geometry(input, weights, groups, options);
            int[] shape = [x.Shape[0], weights.Shape[0], geometry.OutputHeight, geometry.OutputWidth];
            var data = new float[OnnxValue.ElementCount(shape)];
            Conv2d.Forward(input, weights, bias, new Tensor(data, shape), groups, options);
            return [OnnxValue.FromFloats(data, shape)];
        };
    }

    private static void CheckKernelShape(OnnxNode node, SpatialAttributes spatial, ReadOnlySpan<int> weightShape)
    {
        if (weightShape.Length != 4)
        {
            throw node.Error($"weights have shape {OnnxValue.Format(weightShape)}; expected (Cout, Cin/group, kH, kW).");
        }

        if (spatial.KernelShape is { } kernel && (kernel[0] != weightShape[2] || kernel[1] != weightShape[3]))
        {
            throw node.Error($"kernel_shape ({Join(kernel)}) disagrees with weights {OnnxValue.Format(weightShape)}.");
        }
    }

    // Tensor refuses zero-sized dimensions, which no convolution can use anyway.
    private static Tensor ToTensor(OnnxValue value, string what)
    {
        if (!value.IsFloat)
        {
            throw new OnnxModelException($"{what} is {value}; expected float.");
        }

        if (value.Shape.Any(d => d == 0))
        {
            throw new OnnxModelException($"{what} has shape {OnnxValue.Format(value.Shape)}; expected no zero-sized dimension.");
        }

        return new Tensor(value.Floats!, value.Shape);
    }

    private static OperatorBody ConvTranspose(OnnxNode node)
    {
        var spatial = ReadSpatial(node);
        var groups = node.IntInRange("group", 1, 1, int.MaxValue);
        var outputPadding = node.Ints("output_padding") ?? [0, 0];
        var outputShape = node.Ints("output_shape");
        if (outputPadding.Length != 2 || outputPadding.Any(p => p is < 0 or > 65536) || (outputShape is not null && outputShape.Length != 2))
        {
            throw node.Error("output_padding needs 2 values from 0 to 65536 and output_shape 2 values.");
        }

        var constantColumns = node.Constant(1) is { Rank: 4, IsFloat: true } constantWeights && constantWeights.Shape[0] % groups == 0 && constantWeights.Length > 0
            ? ColumnWeights(constantWeights, groups)
            : null;

        return inputs =>
        {
            // x (N, Cin, H, W), W (Cin, Cout/group, kH, kW), B (Cout) → y (N, Cout, Ho, Wo)
            var x = RequiredFloat(inputs, 0);
            var w = RequiredFloat(inputs, 1);
            RequireRank(x, 4, "input X");
            RequireRank(w, 4, "weights W");
            int batch = x.Shape[0], inputChannels = x.Shape[1], height = x.Shape[2], width = x.Shape[3];
            if (w.Shape[0] != inputChannels || inputChannels % groups != 0)
            {
                throw new OnnxModelException($"weights {w} do not match input {x} with group {groups}: expected (Cin = {inputChannels}, Cout/group, kH, kW) with group dividing Cin.");
            }

            var outputPerGroup = w.Shape[1];
            var outputChannels = outputPerGroup * groups;
            var inputPerGroup = inputChannels / groups;
            var bias = Optional(inputs, 2);
            if (bias is not null && (!bias.IsFloat || bias.Length != outputChannels))
            {
                throw new OnnxModelException($"bias B is {bias}; expected float ({outputChannels}).");
            }

            var (outputHeight, padTop) = TransposedAxis(height, w.Shape[2], spatial.Stride.Height, spatial.Dilation.Height, spatial, outputPadding[0], outputShape?[0], 0);
            var (outputWidth, padLeft) = TransposedAxis(width, w.Shape[3], spatial.Stride.Width, spatial.Dilation.Width, spatial, outputPadding[1], outputShape?[1], 1);
            // columns (N, g·Cg·kH·kW, H, W): every input pixel's contribution to each output tap, as a grouped 1×1 convolution (a GEMM).
            var columnWeights = constantColumns ?? ColumnWeights(w, groups);
            using var columns = Conv2d.Forward(ToTensor(x, "input X"), columnWeights, null, groups, new Conv2dOptions { Threads = node.Threads });
            var result = OnnxValue.Float([batch, outputChannels, outputHeight, outputWidth]);
            var geometry = new TransposedGeometry(batch, outputChannels, height, width, outputHeight, outputWidth, w.Shape[2], w.Shape[3], padTop, padLeft);
            ColumnsToImage(columns.Span, result.Floats!, bias?.Floats, node.FusedActivation, geometry, spatial, 0, batch * outputChannels);
            return [result];
        };
    }

    /// <summary>The sizes col2im needs: batch, output channels, input and output planes, kernel, leading pads.</summary>
    private readonly record struct TransposedGeometry(int Batch, int Channels, int Height, int Width, int OutputHeight, int OutputWidth, int KernelHeight, int KernelWidth, int PadTop, int PadLeft);

    // col2im: scatter-add each tap's plane of the columns (N, Cout·kH·kW, H, W) into the output (N, Cout, Ho, Wo)
    // at its stride/pad/dilation offset, then add the bias. Each (tap, input row) adds one run of input columns whose
    // range inside the output row is computed once, so the inner loop has no bounds tests.
    // When the taps tile the output exactly (stride = kernel, no dilation, no pads: upsampling by a 2×2 stride-2
    // ConvTranspose), every output element receives one value: written row by row (TileRows), nothing cleared first.
    private static void ColumnsToImage(
        ReadOnlySpan<float> source, Span<float> y, float[]? bias, Activation activation, in TransposedGeometry g, SpatialAttributes spatial, int firstPlane, int planeCount)
    {
        int taps = g.KernelHeight * g.KernelWidth, pixels = g.Height * g.Width, outputPixels = g.OutputHeight * g.OutputWidth;
        int strideWidth = spatial.Stride.Width;
        var tiles = TapsTileTheOutput(g, spatial);
        for (var outputPlane = firstPlane; outputPlane < firstPlane + planeCount; outputPlane++)
        {
            int n = outputPlane / g.Channels, channel = outputPlane % g.Channels;
            var yPlane = y.Slice(outputPlane * outputPixels, outputPixels);
            var planeColumns = source.Slice(((n * g.Channels * taps) + (channel * taps)) * pixels, taps * pixels);
            if (tiles)
            {
                TileRows(planeColumns, yPlane, bias is null ? 0f : bias[channel], bias is not null, activation, g, 0, g.OutputHeight);
                continue;
            }

            yPlane.Clear();

            for (var tap = 0; tap < taps; tap++)
            {
                int kh = tap / g.KernelWidth, kw = tap % g.KernelWidth;
                var plane = planeColumns.Slice(tap * pixels, pixels);

                // Output column of input column j: j·stride + offset; keep the j whose column lies in [0, Wo).
                var offset = (kw * spatial.Dilation.Width) - g.PadLeft;
                var first = offset >= 0 ? 0 : (-offset + strideWidth - 1) / strideWidth;
                var last = g.OutputWidth - 1 - offset < 0 ? -1 : Math.Min(g.Width - 1, (g.OutputWidth - 1 - offset) / strideWidth);
                var count = last - first + 1;
                if (count <= 0)
                {
                    continue;
                }

                for (var i = 0; i < g.Height; i++)
                {
                    var row = (i * spatial.Stride.Height) - g.PadTop + (kh * spatial.Dilation.Height);
                    if ((uint)row >= (uint)g.OutputHeight)
                    {
                        continue;
                    }

                    var input = plane.Slice((i * g.Width) + first, count);
                    var target = yPlane.Slice((row * g.OutputWidth) + offset + (first * strideWidth), ((count - 1) * strideWidth) + 1);
                    ref var start = ref MemoryMarshal.GetReference(target);
                    if (strideWidth == 1)
                    {
                        TensorPrimitives.Add(target, input, target);
                    }
                    else
                    {
                        for (var j = 0; j < input.Length; j++)
                        {
                            Unsafe.Add(ref start, j * strideWidth) += input[j];
                        }
                    }
                }
            }

            if (bias is not null)
            {
                TensorPrimitives.Add(yPlane, bias[channel], yPlane);
            }

            ApplyActivation(yPlane, activation);
        }
    }

    // Stride = kernel, no dilation, no pads: every output element receives exactly one tap's value.
    private static bool TapsTileTheOutput(in TransposedGeometry g, SpatialAttributes spatial) =>
        spatial.Stride.Height == g.KernelHeight && spatial.Stride.Width == g.KernelWidth && spatial.Dilation == new Size2D(1, 1)
        && g.PadTop == 0 && g.PadLeft == 0 && g.OutputHeight == g.Height * g.KernelHeight && g.OutputWidth == g.Width * g.KernelWidth;

    // The tiling case over (plane, output row) units [firstUnit, firstUnit + unitCount), a plane's run of rows at a
    // time, so that a single large plane (a one-channel upsampling head) still splits across threads.
    private static void TileUnits(
        ReadOnlySpan<float> source, Span<float> y, float[]? bias, Activation activation, in TransposedGeometry g, int firstUnit, int unitCount)
    {
        int taps = g.KernelHeight * g.KernelWidth, pixels = g.Height * g.Width, outputPixels = g.OutputHeight * g.OutputWidth;
        for (var unit = firstUnit; unit < firstUnit + unitCount;)
        {
            int outputPlane = unit / g.OutputHeight, row = unit % g.OutputHeight;
            var endRow = Math.Min(g.OutputHeight, row + (firstUnit + unitCount - unit));
            int n = outputPlane / g.Channels, channel = outputPlane % g.Channels;
            var planeColumns = source.Slice(((n * g.Channels * taps) + (channel * taps)) * pixels, taps * pixels);
            TileRows(planeColumns, y.Slice(outputPlane * outputPixels, outputPixels), bias is null ? 0f : bias[channel], bias is not null, activation, g, row, endRow);
            unit += endRow - row;
        }
    }

    // The tiling case, one output row at a time: row r takes kernel row r mod kH of input row r / kH, its column
    // j·kW + kw from tap (r mod kH, kw); the row is written in order and finished (bias, activation) while in cache.
    private static void TileRows(ReadOnlySpan<float> columns, Span<float> yPlane, float bias, bool hasBias, Activation activation, in TransposedGeometry g, int firstRow, int endRow)
    {
        int pixels = g.Height * g.Width, kernelWidth = g.KernelWidth;
        for (var r = firstRow; r < endRow; r++)
        {
            int kh = r % g.KernelHeight, i = r / g.KernelHeight;
            var row = yPlane.Slice(r * g.OutputWidth, g.OutputWidth);
            ref var target = ref MemoryMarshal.GetReference(row);

            // Two taps per row (the usual 2×2 stride-2 upsampling): the two input rows interleaved with vector shuffles.
            var scattered = 0;
            if (kernelWidth == 2 && Avx.IsSupported)
            {
                var taps = kh * kernelWidth * pixels;
                Interleave(columns.Slice(taps + (i * g.Width), g.Width), columns.Slice(taps + pixels + (i * g.Width), g.Width), row);
                scattered = kernelWidth;
            }

            for (var kw = scattered; kw < kernelWidth; kw++)
            {
                var input = columns.Slice((((kh * kernelWidth) + kw) * pixels) + (i * g.Width), g.Width);
                ref var start = ref Unsafe.Add(ref target, kw);
                for (var j = 0; j < input.Length; j++)
                {
                    Unsafe.Add(ref start, j * kernelWidth) = input[j];
                }
            }

            if (hasBias)
            {
                TensorPrimitives.Add(row, bias, row);
            }

            ApplyActivation(row, activation);
        }
    }

    // even, odd (n each) → target (2n): target[2j] = even[j], target[2j + 1] = odd[j]
    private static void Interleave(ReadOnlySpan<float> even, ReadOnlySpan<float> odd, Span<float> target)
    {
        ref var evenStart = ref MemoryMarshal.GetReference(even);
        ref var oddStart = ref MemoryMarshal.GetReference(odd);
        ref var targetStart = ref MemoryMarshal.GetReference(target);
        var j = 0;
        for (; j + Vector256<float>.Count <= even.Length; j += Vector256<float>.Count)
        {
            var a = Vector256.LoadUnsafe(ref evenStart, (nuint)j);
            var b = Vector256.LoadUnsafe(ref oddStart, (nuint)j);

            // Unpacking works within 128-bit halves: [a0 b0 a1 b1 | a4 b4 a5 b5] and [a2 b2 a3 b3 | a6 b6 a7 b7].
            var low = Avx.UnpackLow(a, b);
            var high = Avx.UnpackHigh(a, b);
            Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref targetStart, (nuint)(2 * j));
            Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref targetStart, (nuint)((2 * j) + Vector256<float>.Count));
        }

        for (; j < even.Length; j++)
        {
            Unsafe.Add(ref targetStart, 2 * j) = even[j];
            Unsafe.Add(ref targetStart, (2 * j) + 1) = odd[j];
        }
    }

    // A fused activation in place: the clamping kinds vectorized, the others one element at a time.
    private static void ApplyActivation(Span<float> values, Activation activation)
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                return;
            case ActivationKind.Relu:
                TensorPrimitives.Max(values, 0f, values);
                return;
            case ActivationKind.Relu6 or ActivationKind.Clip:
                TensorPrimitives.Max(values, activation.Min, values);
                TensorPrimitives.Min(values, activation.Max, values);
                return;
            default:
                foreach (ref var value in values)
                {
                    value = activation.Apply(value);
                }

                return;
        }
    }

    // Output size and leading pad of one transposed-convolution axis, as the ONNX ConvTranspose spec defines them.
    private static (int Output, int PadBegin) TransposedAxis(int input, int kernel, int stride, int dilation, SpatialAttributes spatial, long outputPadding, long? outputShape, int axis)
    {
        long effective = ((long)(kernel - 1) * dilation) + 1;
        long full = ((long)stride * (input - 1)) + outputPadding + effective;
        long output, padBegin;
        if (outputShape is { } requested || spatial.AutoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            output = outputShape ?? (long)input * stride;
            var total = Math.Max(0, full - output);
            padBegin = spatial.AutoPad == "SAME_UPPER" ? total / 2 : total - (total / 2);
        }
        else if (spatial.AutoPad == "VALID")
        {
            output = full;
            padBegin = 0;
        }
        else
        {
            padBegin = spatial.Pads[axis];
            output = full - spatial.Pads[axis] - spatial.Pads[axis + 2];
        }

        return (Dimension(output, $"ConvTranspose output axis {axis}"), (int)padBegin);
    }

    // ConvTranspose weights (Cin, Cg, kH, kW) as grouped 1×1 conv weights (g·Cg·kH·kW, Cin/g, 1, 1):
    // row (group·Cg + o)·kH·kW + tap, column ic, holds W[group·Cin/g + ic, o, tap].
    private static Tensor ColumnWeights(OnnxValue w, int groups)
    {
        int inputChannels = w.Shape[0], outputPerGroup = w.Shape[1], taps = w.Shape[2] * w.Shape[3], inputPerGroup = inputChannels / groups;
        var rows = groups * outputPerGroup * taps;
        var data = new float[rows * inputPerGroup];
        for (var group = 0; group < groups; group++)
        {
            for (var ic = 0; ic < inputPerGroup; ic++)
            {
                for (var o = 0; o < outputPerGroup; o++)
                {
                    for (var tap = 0; tap < taps; tap++)
                    {
                        var row = (((group * outputPerGroup) + o) * taps) + tap;
                        data[(row * inputPerGroup) + ic] = w.Floats![((((group * inputPerGroup) + ic) * outputPerGroup) + o) * taps + tap];
                    }
                }
            }
        }

        return new Tensor(data, [rows, inputPerGroup, 1, 1]);
    }

    // Constant weights prepared once at load (packed, bias and fused activation included): depthwise layers — one
    // input channel per group — on a DepthwiseConv2dPlan, every other convolution on a Conv2dPlan (1×1 as a GEMM).
    private static StepBinder? BindConv(OnnxNode node)
    {
        if (node.Constant(1) is not { IsFloat: true, Rank: 4 } w || w.Shape.Any(d => d == 0)
            || (node.HasInput(2) && node.Constant(2) is not { IsFloat: true, Rank: 1 }))
        {
            return null;
        }

        var (groups, options) = ConvolutionSettings(node);
        var weights = ToTensor(w, "weights W");
        var bias = node.Constant(2) is { } b ? ToTensor(b, "bias B") : null;
        if (bias is not null && bias.Length != w.Shape[0])
        {
            return null;
        }

        Func<Tensor, Tensor, Action> prepare;
        if (w.Shape[1] == 1)
        {
            var plan = DepthwiseConv2d.Prepare(weights, bias, options);
            prepare = (input, output) => () => plan.Forward(input, output);
        }
        else
        {
            var plan = Conv2d.Prepare(weights, bias, groups, options);
            prepare = (input, output) => new BoundConvStep(plan.Bind(input, output), input, output).Run;
        }

        return (inputs, _, outputs) =>
        {
            // x (N, Cin, H, W) → y (N, Cout, Ho, Wo) with the prepared weights
            if (!AllFloat(inputs, 1) || inputs[0]!.Rank != 4 || inputs[0]!.Length == 0 || inputs[0]!.Shape[1] != w.Shape[1] * groups)
            {
                return null;
            }

            return prepare(ToTensor(inputs[0]!, "input X"), ToTensor(outputs[0], "output Y"));
        };
    }

    // Constant weights: the grouped 1×1 convolution into columns prepared once, col2im into the output.
    private static StepBinder? BindConvTranspose(OnnxNode node)
    {
        var groups = node.IntInRange("group", 1, 1, int.MaxValue);
        if (node.Constant(1) is not { Rank: 4, IsFloat: true } w || w.Shape[0] % groups != 0 || w.Length == 0
            || (node.HasInput(2) && node.Constant(2) is not { IsFloat: true }))
        {
            return null;
        }

        var spatial = ReadSpatial(node);
        var outputPadding = node.Ints("output_padding") ?? [0, 0];
        var outputShape = node.Ints("output_shape");
        var columnPlan = Conv2d.Prepare(ColumnWeights(w, groups), null, groups, new Conv2dOptions { Threads = node.Threads });
        var bias = node.Constant(2)?.Floats;
        var activation = node.FusedActivation;
        var threads = Parallelism.Resolve(node.Threads);
        return (inputs, _, outputs) =>
        {
            if (!AllFloat(inputs, 1) || inputs[0]!.Rank != 4 || inputs[0]!.Shape[1] != w.Shape[0] || inputs[0]!.Length == 0)
            {
                return null;
            }

            // x (N, Cin, H, W) → columns (N, g·Cg·kH·kW, H, W) → y (N, Cout, Ho, Wo)
            var x = inputs[0]!;
            int batch = x.Shape[0], height = x.Shape[2], width = x.Shape[3];
            var (_, padTop) = TransposedAxis(height, w.Shape[2], spatial.Stride.Height, spatial.Dilation.Height, spatial, outputPadding[0], outputShape?[0], 0);
            var (_, padLeft) = TransposedAxis(width, w.Shape[3], spatial.Stride.Width, spatial.Dilation.Width, spatial, outputPadding[1], outputShape?[1], 1);
            var input = ToTensor(x, "input X");
            var columns = new Tensor([batch, columnPlan.OutputChannels, height, width]);
            var y = outputs[0];
            var geometry = new TransposedGeometry(batch, y.Shape[1], height, width, y.Shape[2], y.Shape[3], w.Shape[2], w.Shape[3], padTop, padLeft);
            var planes = batch * y.Shape[1];
            var scatter = TapsTileTheOutput(geometry, spatial)
                ? Split(planes * y.Shape[2], threads, Math.Max(1, Grain / y.Shape[3]), (first, count) =>
                    TileUnits(columns.Span, y.Floats, bias, activation, geometry, first, count))
                : Split(planes, threads, Math.Max(1, Grain / ((long)y.Shape[2] * y.Shape[3])), (first, count) =>
                    ColumnsToImage(columns.Span, y.Floats, bias, activation, geometry, spatial, first, count));
            return () =>
            {
                columnPlan.Forward(input, columns);
                scatter();
            };
        };
    }
}
