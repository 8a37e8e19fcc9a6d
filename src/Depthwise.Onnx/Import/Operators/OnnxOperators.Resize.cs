using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Onnx.Import.Operators;

/// <summary>Resize (opset 10+) and Upsample (opset 7–9): nearest and linear, applied one axis at a time.</summary>
internal static partial class OnnxOperators
{
    private static OperatorBody Resize(OnnxNode node)
    {
        var upsample = node.OpType == "Upsample";
        var mode = node.String("mode", "nearest");
        // Upsample and Resize-10 use the asymmetric transform and floor for nearest; Resize-11 added the attributes.
        var legacy = upsample || node.Opset < 11;
        var coordinateMode = legacy ? "asymmetric" : node.String("coordinate_transformation_mode", "half_pixel");
        var nearestMode = legacy ? "floor" : node.String("nearest_mode", "round_prefer_floor");
        if (mode is not ("nearest" or "linear" or "bilinear"))
        {
            throw node.Error($"attribute mode is '{mode}'; supported: nearest, linear.");
        }

        if (coordinateMode is not ("asymmetric" or "half_pixel" or "pytorch_half_pixel" or "align_corners" or "half_pixel_symmetric"))
        {
            throw node.Error($"attribute coordinate_transformation_mode is '{coordinateMode}'; supported: asymmetric, half_pixel, pytorch_half_pixel, align_corners, half_pixel_symmetric.");
        }

        if (nearestMode is not ("round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil"))
        {
            throw node.Error($"attribute nearest_mode is '{nearestMode}'; expected round_prefer_floor, round_prefer_ceil, floor or ceil.");
        }

        if (node.Int("exclude_outside", 0) != 0 || node.String("keep_aspect_ratio_policy", "stretch") != "stretch" || node.Has("axes"))
        {
            throw node.Error("exclude_outside, keep_aspect_ratio_policy other than stretch, and axes are not supported.");
        }

        var linear = mode != "nearest";
        var attributeScales = node.Floats("scales");
        return inputs =>
        {
            // x (d0..dr-1), scales or sizes (one per axis) → x resampled to the new sizes
            var x = RequiredFloat(inputs, 0);
            var (scales, sizes) = ResizeTargets(node, inputs, attributeScales, upsample, x);
            var current = x;
            for (var axis = 0; axis < x.Rank; axis++)
            {
                if (sizes[axis] != x.Shape[axis] || scales[axis] != 1f)
                {
                    current = ResizeAxis(current, axis, sizes[axis], scales[axis], linear, coordinateMode, nearestMode);
                }
            }

            return [current];
        };
    }

    private static (float[] Scales, int[] Sizes) ResizeTargets(OnnxNode node, OnnxValue?[] inputs, float[]? attributeScales, bool upsample, OnnxValue x)
    {
        var rank = x.Rank;
        float[]? scales;
        long[]? sizes = null;
        if (upsample && node.Opset < 9)
        {
            scales = attributeScales ?? throw new OnnxModelException("attribute scales is missing.");
        }
        else if (upsample || node.Opset < 11)
        {
            scales = Required(inputs, 1).AsFloats();
        }
        else
        {
            scales = Optional(inputs, 2) is { Length: > 0 } s ? s.AsFloats() : null;
            sizes = Optional(inputs, 3) is { Length: > 0 } z ? z.AsLongs() : null;
            if ((scales is null) == (sizes is null))
            {
                throw new OnnxModelException("exactly one of scales and sizes must be given.");
            }
        }

        var outputScales = new float[rank];
        var outputSizes = new int[rank];
        if (sizes is not null)
        {
            if (sizes.Length != rank)
            {
                throw new OnnxModelException($"sizes has {sizes.Length} values; expected {rank} for {x}.");
            }

            for (var i = 0; i < rank; i++)
            {
                outputSizes[i] = Dimension(sizes[i], $"sizes[{i}]");
                outputScales[i] = x.Shape[i] == 0 ? 1f : (float)outputSizes[i] / x.Shape[i];
            }
        }
        else
        {
            if (scales!.Length != rank || scales.Any(s => !(s > 0) || float.IsInfinity(s)))
            {
                throw new OnnxModelException($"scales ({string.Join(", ", scales)}) must be {rank} positive finite values for {x}.");
            }

            for (var i = 0; i < rank; i++)
            {
                outputScales[i] = scales[i];
                outputSizes[i] = Dimension((long)Math.Floor(x.Shape[i] * (double)scales[i]), $"resized axis {i}");
            }
        }

        OnnxValue.ElementCount(outputSizes);
        return (outputScales, outputSizes);
    }

    // The source coordinate of output index `o` along an axis, per coordinate_transformation_mode (computed in float,
    // as ONNX Runtime does, so nearest-neighbour rounding ties fall the same way).
    private static float SourceCoordinate(int o, int inputSize, int outputSize, float scale, string mode) => mode switch
    {
        "asymmetric" => o / scale,
        "pytorch_half_pixel" => outputSize > 1 ? ((o + 0.5f) / scale) - 0.5f : 0f,
        "align_corners" => outputSize == 1 ? 0f : o * (float)(inputSize - 1) / (outputSize - 1),
        "half_pixel_symmetric" => (inputSize / 2f * (1f - (outputSize / (inputSize * scale)))) + ((o + 0.5f) / scale) - 0.5f,
        _ => ((o + 0.5f) / scale) - 0.5f,
    };

    private static int Nearest(float coordinate, string mode, int inputSize)
    {
        var index = mode switch
        {
            "floor" => MathF.Floor(coordinate),
            "ceil" => MathF.Ceiling(coordinate),
            "round_prefer_ceil" => MathF.Floor(coordinate + 0.5f),
            // round half down: a tie goes to the lower index
            _ => coordinate == MathF.Floor(coordinate) + 0.5f ? MathF.Floor(coordinate) : MathF.Round(coordinate),
        };
        return (int)Math.Clamp(index, 0, inputSize - 1);
    }

    private static OnnxValue ResizeAxis(OnnxValue x, int axis, int outputSize, float scale, bool linear, string coordinateMode, string nearestMode)
    {
        var inputSize = x.Shape[axis];
        var shape = (int[])x.Shape.Clone();
        shape[axis] = outputSize;
        var result = new float[OnnxValue.ElementCount(shape)];
        if (result.Length == 0 || inputSize == 0)
        {
            return OnnxValue.FromFloats(result, shape);
        }

        var outer = x.Shape[..axis].Aggregate(1, (p, d) => p * d);
        var inner = x.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
        var (lower, upper, weight) = ResizeTaps(inputSize, outputSize, scale, linear, coordinateMode, nearestMode);
        var source = x.Floats!;
        for (var b = 0; b < outer; b++)
        {
            for (var o = 0; o < outputSize; o++)
            {
                var low = source.AsSpan(((b * inputSize) + lower[o]) * inner, inner);
                var high = source.AsSpan(((b * inputSize) + upper[o]) * inner, inner);
                var target = result.AsSpan(((b * outputSize) + o) * inner, inner);
                var w = weight[o];
                for (var i = 0; i < inner; i++)
                {
                    target[i] = w == 0 ? low[i] : (low[i] * (1 - w)) + (high[i] * w);
                }
            }
        }

        return OnnxValue.FromFloats(result, shape);
    }

    // (N, C, H, W) resized along H and W only, with constant scales/sizes: per output row, the source rows blended
    // (or one taken), then per output column the same along the row — the scalar body's two passes, fused per row.
    private static StepBinder BindResize(OnnxNode node) => BindResize(node, withAddend: false);

    // withAddend: the fused ResizeAdd, y = Resize(x) + a with a (input ResizeInputs) of y's shape, added to each output row while it is in cache.
    private static StepBinder BindResize(OnnxNode node, bool withAddend)
    {
        var upsample = node.OpType == "Upsample";
        var linear = node.String("mode", "nearest") != "nearest";
        var legacy = upsample || node.Opset < 11;
        var coordinateMode = legacy ? "asymmetric" : node.String("coordinate_transformation_mode", "half_pixel");
        var nearestMode = legacy ? "floor" : node.String("nearest_mode", "round_prefer_floor");
        var attributeScales = node.Floats("scales");
        var threads = Workers(node);
        return (inputs, constant, outputs) =>
        {
            if (!AllFloat(inputs, 1) || inputs[0]!.Rank != 4 || constant.Skip(1).Take(ResizeInputs - 1).Any(c => !c))
            {
                return null;
            }

            var addend = withAddend ? inputs[ResizeInputs] : null;
            if (withAddend && (addend is not { IsFloat: true } || !addend.Shape.AsSpan().SequenceEqual(outputs[0].Shape)))
            {
                return null;
            }

            var x = inputs[0]!;
            var (scales, sizes) = ResizeTargets(node, inputs, attributeScales, upsample, x);
            if (sizes[0] != x.Shape[0] || sizes[1] != x.Shape[1] || scales[0] != 1f || scales[1] != 1f || x.Shape[2] == 0 || x.Shape[3] == 0
                || (withAddend && !sizes.AsSpan().SequenceEqual(outputs[0].Shape)))
            {
                // With an addend, a Resize result that the Add broadcasts (smaller than the output) runs the bodies.
                return null;
            }

            int height = x.Shape[2], width = x.Shape[3], outputHeight = sizes[2], outputWidth = sizes[3];
            var rows = ResizeTaps(height, outputHeight, scales[2], linear, coordinateMode, nearestMode);
            var columns = ResizeTaps(width, outputWidth, scales[3], linear, coordinateMode, nearestMode);
            var planes = x.Shape[0] * x.Shape[1];
            var source = x.Floats!;
            var y = outputs[0].Floats!;
            var nearestColumns = columns.Weight.All(w => w == 0);

            // Nearest upsampling by a whole factor (PP-OCR's FPN: 2, 4, 8): output column j takes input column j / factor.
            var factor = outputWidth / width;
            var replicates = nearestColumns && outputWidth == factor * width && factor is 2 or 4 or 8
                && columns.Lower.Select((source, j) => source == j / factor).All(same => same);
            var parts = Parts(planes, threads, Math.Max(1, Grain / ((long)outputHeight * outputWidth)));
            var scratch = Enumerable.Range(0, parts).Select(_ => new float[width]).ToArray();
            return Split(planes, parts, threads, (part, first, count) =>
            {
                var blended = scratch[part];
                for (var plane = first; plane < first + count; plane++)
                {
                    var input = source.AsSpan(plane * height * width, height * width);
                    for (var o = 0; o < outputHeight; o++)
                    {
                        var target = y.AsSpan(((plane * outputHeight) + o) * outputWidth, outputWidth);

                        // Upsampling repeats rows: an output row made of the same source row as the one above is a copy
                        // (not with an addend, which the row above already holds).
                        var addendRow = addend is null ? default : addend.Floats.AsSpan(((plane * outputHeight) + o) * outputWidth, outputWidth);
                        if (addend is null && o > 0 && rows.Weight[o] == 0 && rows.Weight[o - 1] == 0 && rows.Lower[o] == rows.Lower[o - 1])
                        {
                            y.AsSpan(((plane * outputHeight) + o - 1) * outputWidth, outputWidth).CopyTo(target);
                            continue;
                        }

                        ReadOnlySpan<float> row = input.Slice(rows.Lower[o] * width, width);
                        var w = rows.Weight[o];
                        if (w != 0)
                        {
                            var high = input.Slice(rows.Upper[o] * width, width);
                            for (var i = 0; i < width; i++)
                            {
                                blended[i] = (row[i] * (1 - w)) + (high[i] * w);
                            }

                            row = blended;
                        }

                        if (replicates)
                        {
                            Replicate(row, target, factor);
                        }
                        else if (nearestColumns)
                        {
                            for (var j = 0; j < target.Length; j++)
                            {
                                target[j] = row[columns.Lower[j]];
                            }
                        }
                        else
                        {
                            for (var j = 0; j < target.Length; j++)
                            {
                                var v = columns.Weight[j];
                                target[j] = v == 0 ? row[columns.Lower[j]] : (row[columns.Lower[j]] * (1 - v)) + (row[columns.Upper[j]] * v);
                            }
                        }

                        if (addend is not null)
                        {
                            TensorPrimitives.Add(target, addendRow, target);
                        }
                    }
                }
            });
        };
    }

    // row (n) → target (factor·n): each value repeated factor times; whole registers where the hardware has them.
    private static void Replicate(ReadOnlySpan<float> row, Span<float> target, int factor)
    {
        if (factor == 2 && Avx.IsSupported)
        {
            Interleave(row, row, target);
            return;
        }

        ref var targetStart = ref MemoryMarshal.GetReference(target);
        for (var i = 0; i < row.Length; i++)
        {
            var value = row[i];
            if (factor == 8 && Vector256.IsHardwareAccelerated)
            {
                Vector256.Create(value).StoreUnsafe(ref targetStart, (nuint)(i * 8));
            }
            else if (factor == 4 && Vector128.IsHardwareAccelerated)
            {
                Vector128.Create(value).StoreUnsafe(ref targetStart, (nuint)(i * 4));
            }
            else
            {
                target.Slice(i * factor, factor).Fill(value);
            }
        }
    }

    // Source indices and blend weight of each output index along one axis (weight 0: take the lower index).
    private static (int[] Lower, int[] Upper, float[] Weight) ResizeTaps(int inputSize, int outputSize, float scale, bool linear, string coordinateMode, string nearestMode)
    {
        var lower = new int[outputSize];
        var upper = new int[outputSize];
        var weight = new float[outputSize];
        for (var o = 0; o < outputSize; o++)
        {
            if (inputSize == outputSize && scale == 1f)
            {
                lower[o] = upper[o] = o;
                continue;
            }

            var coordinate = SourceCoordinate(o, inputSize, outputSize, scale, coordinateMode);
            if (linear)
            {
                coordinate = Math.Clamp(coordinate, 0f, inputSize - 1);
                lower[o] = (int)MathF.Floor(coordinate);
                upper[o] = Math.Min(lower[o] + 1, inputSize - 1);
                weight[o] = coordinate - lower[o];
            }
            else
            {
                lower[o] = upper[o] = Nearest(coordinate, nearestMode, inputSize);
            }
        }

        return (lower, upper, weight);
    }
}
