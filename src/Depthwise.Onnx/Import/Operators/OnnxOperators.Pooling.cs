using Depthwise.Geometry;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>GlobalAveragePool, AveragePool and MaxPool over the last two axes of (N, C, H, W).</summary>
internal static partial class OnnxOperators
{
    private static OperatorBody GlobalAveragePool(OnnxNode node) => inputs =>
    {
        // x (N, C, d1, d2, …) → (N, C, 1, 1, …): mean over every spatial axis
        var x = RequiredFloat(inputs, 0);
        if (x.Rank < 3)
        {
            throw new OnnxModelException($"input X is {x}; expected (N, C, spatial…).");
        }

        var planes = x.Shape[0] * x.Shape[1];
        var size = x.Length / Math.Max(planes, 1);
        var shape = x.Shape.Select((d, i) => i < 2 ? d : 1).ToArray();
        var result = new float[planes];
        for (var p = 0; p < planes; p++)
        {
            double sum = 0;
            for (var i = 0; i < size; i++)
            {
                sum += x.Floats![(p * size) + i];
            }

            result[p] = (float)(sum / size);
        }

        return [OnnxValue.FromFloats(result, shape)];
    };

    private static OperatorBody Pool(OnnxNode node, bool average)
    {
        var spatial = ReadSpatial(node);
        if (spatial.KernelShape is null)
        {
            throw node.Error("attribute kernel_shape is required.");
        }

        var ceilMode = node.Int("ceil_mode", 0) != 0;
        var countIncludePad = node.Int("count_include_pad", 0) != 0;
        if (!average && node.HasOutput(1))
        {
            throw node.Error("the Indices output is used; only the values output of MaxPool is supported.");
        }

        if (average && (spatial.Dilation.Height != 1 || spatial.Dilation.Width != 1))
        {
            throw node.Error("AveragePool with dilations is not supported.");
        }

        var kernel = new Size2D((int)spatial.KernelShape[0], (int)spatial.KernelShape[1]);
        return inputs =>
        {
            // x (N, C, H, W) → (N, C, Ho, Wo)
            var x = RequiredFloat(inputs, 0);
            RequireRank(x, 4, "input X");
            int planes = x.Shape[0] * x.Shape[1], height = x.Shape[2], width = x.Shape[3];
            var geometry = PoolGeometry(height, width, kernel, spatial, ceilMode);
            int outputHeight = geometry.OutputHeight, outputWidth = geometry.OutputWidth;
            var result = OnnxValue.Float([x.Shape[0], x.Shape[1], outputHeight, outputWidth]);
            var y = result.Floats!;
            var source = x.Floats!;
            for (var p = 0; p < planes; p++)
            {
                for (var oh = 0; oh < outputHeight; oh++)
                {
                    for (var ow = 0; ow < outputWidth; ow++)
                    {
                        int rowStart = geometry.InputRowOrigin(oh), columnStart = geometry.InputColumnOrigin(ow);
                        var accumulator = average ? 0f : float.NegativeInfinity;
                        var count = 0;
                        for (var kh = 0; kh < kernel.Height; kh++)
                        {
                            var row = rowStart + (kh * geometry.Dilation.Height);
                            for (var kw = 0; kw < kernel.Width; kw++)
                            {
                                var column = columnStart + (kw * geometry.Dilation.Width);
                                if ((uint)row < (uint)height && (uint)column < (uint)width)
                                {
                                    var value = source[(((p * height) + row) * width) + column];
                                    accumulator = average ? accumulator + value : MathF.Max(accumulator, value);
                                    count++;
                                }
                            }
                        }

                        if (average)
                        {
                            // count_include_pad counts the window's cells inside the padded input (not past it, in ceil mode).
                            var divisor = countIncludePad
                                ? (Math.Min(rowStart + kernel.Height, height + geometry.PadBottom) - rowStart) * (Math.Min(columnStart + kernel.Width, width + geometry.PadRight) - columnStart)
                                : count;
                            accumulator /= Math.Max(divisor, 1);
                        }

                        y[(((p * outputHeight) + oh) * outputWidth) + ow] = accumulator;
                    }
                }
            }

            return [result];
        };
    }

    // Floor mode is the convolution geometry; ceil mode adds one window where the remainder allows, but never a
    // window that starts inside the end padding (the rule PyTorch and ONNX Runtime follow).
    private static ConvGeometry PoolGeometry(int height, int width, Size2D kernel, SpatialAttributes spatial, bool ceilMode)
    {
        var geometry = ConvGeometry.Create(height, width, kernel, spatial.Stride, spatial.Dilation, ToPadding(spatial));
        if (!ceilMode || spatial.AutoPad != "NOTSET")
        {
            return geometry;
        }

        int Extra(int input, int padBegin, int padEnd, int k, int stride, int dilation, int output)
        {
            var span = input + padBegin + padEnd - (((k - 1) * dilation) + 1);
            var ceil = ((span + stride - 1) / stride) + 1;
            if (ceil > output && ((ceil - 1) * stride) >= input + padBegin)
            {
                ceil--;
            }

            return ceil;
        }

        var outputHeight = Extra(height, geometry.PadTop, geometry.PadBottom, kernel.Height, spatial.Stride.Height, spatial.Dilation.Height, geometry.OutputHeight);
        var outputWidth = Extra(width, geometry.PadLeft, geometry.PadRight, kernel.Width, spatial.Stride.Width, spatial.Dilation.Width, geometry.OutputWidth);
        return geometry with { OutputHeight = outputHeight, OutputWidth = outputWidth };
    }
}
