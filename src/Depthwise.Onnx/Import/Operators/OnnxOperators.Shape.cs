namespace Depthwise.Onnx.Import.Operators;

/// <summary>Shape and data-movement operators: they work on float and int64 values alike.</summary>
internal static partial class OnnxOperators
{
    private static OperatorBody Shape(OnnxNode node)
    {
        var start = node.Int("start", 0);
        var end = node.Has("end") ? node.Int("end", 0) : (long?)null;
        return inputs =>
        {
            // x (any shape) → int64 (rank) with the dimensions (optionally sliced by start/end, opset 15)
            var x = Required(inputs, 0);
            var rank = x.Rank;
            var from = (int)Math.Clamp(start < 0 ? start + rank : start, 0, rank);
            var to = (int)Math.Clamp(end is { } e ? (e < 0 ? e + rank : e) : rank, 0, rank);
            var dims = x.Shape[from..Math.Max(from, to)].Select(d => (long)d).ToArray();
            return [OnnxValue.Vector(dims)];
        };
    }

    private static OperatorBody Gather(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", 0);
        return inputs =>
        {
            // data (d0..dr-1), indices (any) → data with axis replaced by the indices' shape
            var data = Required(inputs, 0);
            var indices = Required(inputs, 1);
            if (indices.IsFloat)
            {
                throw new OnnxModelException("indices are float; expected int64 or int32.");
            }

            var axis = NormalizeAxis(axisAttribute, data.Rank, "attribute axis");
            var axisSize = data.Shape[axis];
            var outer = data.Shape[..axis].Aggregate(1, (p, d) => p * d);
            var inner = data.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
            int[] shape = [.. data.Shape[..axis], .. indices.Shape, .. data.Shape[(axis + 1)..]];
            var count = OnnxValue.ElementCount(shape);
            var positions = new int[indices.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                var index = indices.Longs![i];
                if (index < -axisSize || index >= axisSize)
                {
                    throw new OnnxModelException($"index {index} is out of range for axis {axis} of size {axisSize}.");
                }

                positions[i] = (int)(index < 0 ? index + axisSize : index);
            }

            return [data.IsFloat
                ? OnnxValue.FromFloats(GatherCore(data.Floats!, positions, outer, axisSize, inner, count), shape)
                : OnnxValue.FromLongs(GatherCore(data.Longs!, positions, outer, axisSize, inner, count), shape)];
        };
    }

    private static T[] GatherCore<T>(T[] data, int[] positions, int outer, int axisSize, int inner, int count)
    {
        var result = new T[count];
        var target = 0;
        for (var o = 0; o < outer; o++)
        {
            foreach (var position in positions)
            {
                Array.Copy(data, ((o * axisSize) + position) * inner, result, target, inner);
                target += inner;
            }
        }

        return result;
    }

    private static OperatorBody Concat(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", node.Opset < 4 ? 1 : 0);
        return inputs =>
        {
            // x_i (equal shapes except along axis) → y with the axis sizes summed
            var parts = inputs.Where(v => v is not null).Select(v => v!).ToArray();
            if (parts.Length == 0)
            {
                throw new OnnxModelException("Concat has no inputs.");
            }

            var first = parts[0];
            var axis = NormalizeAxis(axisAttribute, first.Rank, "attribute axis");
            var shape = (int[])first.Shape.Clone();
            long total = 0;
            foreach (var part in parts)
            {
                if (part.Rank != first.Rank || part.IsFloat != first.IsFloat)
                {
                    throw new OnnxModelException($"inputs {first} and {part} cannot be concatenated (rank or element type differs).");
                }

                for (var i = 0; i < shape.Length; i++)
                {
                    if (i != axis && part.Shape[i] != shape[i])
                    {
                        throw new OnnxModelException($"inputs {first} and {part} differ on axis {i}; only axis {axis} may differ.");
                    }
                }

                total += part.Shape[axis];
            }

            shape[axis] = Dimension(total, "concatenated axis");
            var outer = shape[..axis].Aggregate(1, (p, d) => p * d);
            var inner = shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
            return [first.IsFloat
                ? OnnxValue.FromFloats(ConcatCore(parts.Select(p => (p.Floats!, p.Shape[axis])).ToArray(), shape, outer, inner), shape)
                : OnnxValue.FromLongs(ConcatCore(parts.Select(p => (p.Longs!, p.Shape[axis])).ToArray(), shape, outer, inner), shape)];
        };
    }

    private static T[] ConcatCore<T>((T[] Data, int Axis)[] parts, int[] shape, int outer, int inner)
    {
        var result = new T[OnnxValue.ElementCount(shape)];
        var target = 0;
        for (var o = 0; o < outer; o++)
        {
            foreach (var (data, axis) in parts)
            {
                var block = axis * inner;
                Array.Copy(data, o * block, result, target, block);
                target += block;
            }
        }

        return result;
    }

    private static OperatorBody Reshape(OnnxNode node)
    {
        var allowZero = node.Int("allowzero", 0) != 0;
        var attributeShape = node.Opset < 5 ? node.Ints("shape") : null;
        return inputs =>
        {
            // data (any shape), shape (int64 targets: 0 copies the input dim unless allowzero, -1 is inferred) → data reshaped
            var data = Required(inputs, 0);
            var targets = attributeShape ?? Required(inputs, 1).AsLongs();
            return [data.WithShape(ResolveReshape(data, targets, allowZero))];
        };
    }

    private static int[] ResolveReshape(OnnxValue data, long[] targets, bool allowZero)
    {
        var shape = new int[targets.Length];
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < targets.Length; i++)
        {
            var target = targets[i];
            if (target == -1)
            {
                if (inferred >= 0)
                {
                    throw new OnnxModelException($"reshape target ({string.Join(", ", targets)}) has more than one -1.");
                }

                inferred = i;
                continue;
            }

            if (target == 0 && !allowZero)
            {
                if (i >= data.Rank)
                {
                    throw new OnnxModelException($"reshape target ({string.Join(", ", targets)}) copies dimension {i} (0) but the input {data} has rank {data.Rank}.");
                }

                target = data.Shape[i];
            }

            shape[i] = Dimension(target, $"reshape target dimension {i}");
            known *= shape[i];
            if (known > OnnxValue.MaximumElements)
            {
                known = OnnxValue.MaximumElements + 1;
            }
        }

        if (inferred >= 0)
        {
            if (known == 0 || data.Length % known != 0)
            {
                throw new OnnxModelException($"cannot reshape {data} to ({string.Join(", ", targets)}): {data.Length} elements do not divide.");
            }

            shape[inferred] = (int)(data.Length / known);
        }
        else if (known != data.Length)
        {
            throw new OnnxModelException($"cannot reshape {data} ({data.Length} elements) to ({string.Join(", ", targets)}).");
        }

        return shape;
    }

    private static OperatorBody Flatten(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", 1);
        return inputs =>
        {
            // x (d0..dr-1) → (d0·…·d(axis-1), d(axis)·…·d(r-1))
            var x = Required(inputs, 0);
            var axis = axisAttribute < 0 ? axisAttribute + x.Rank : axisAttribute;
            if (axis < 0 || axis > x.Rank)
            {
                throw new OnnxModelException($"attribute axis is {axisAttribute}; expected [{-x.Rank}, {x.Rank}] for {x}.");
            }

            var outer = x.Shape[..(int)axis].Aggregate(1L, (p, d) => p * d);
            var inner = x.Shape[(int)axis..].Aggregate(1L, (p, d) => p * d);
            return [x.WithShape([(int)outer, (int)inner])];
        };
    }

    private static OperatorBody Transpose(OnnxNode node)
    {
        var perm = node.Ints("perm");
        return inputs =>
        {
            // x (d0..dr-1) → (d[perm[0]], …); default perm reverses the axes
            var x = Required(inputs, 0);
            var rank = x.Rank;
            var order = perm?.Select(p => (int)p).ToArray() ?? Enumerable.Range(0, rank).Reverse().ToArray();
            if (order.Length != rank || order.Any(p => p < 0 || p >= rank) || order.Distinct().Count() != rank)
            {
                throw new OnnxModelException($"attribute perm ({string.Join(", ", order)}) is not a permutation of the {rank} axes of {x}.");
            }

            var shape = order.Select(p => x.Shape[p]).ToArray();
            var inputStrides = Strides(x.Shape);
            var strides = order.Select(p => inputStrides[p]).ToArray();
            return [x.IsFloat
                ? OnnxValue.FromFloats(Permute(x.Floats!, shape, strides), shape)
                : OnnxValue.FromLongs(Permute(x.Longs!, shape, strides), shape)];
        };
    }

    // Walks the output in order; strides[i] is the input stride of output axis i.
    private static T[] Permute<T>(T[] source, int[] shape, int[] strides)
    {
        var result = new T[source.Length];
        if (result.Length == 0)
        {
            return result;
        }

        var index = new int[shape.Length];
        var offset = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = source[offset];
            for (var axis = shape.Length - 1; axis >= 0; axis--)
            {
                index[axis]++;
                offset += strides[axis];
                if (index[axis] < shape[axis])
                {
                    break;
                }

                offset -= strides[axis] * shape[axis];
                index[axis] = 0;
            }
        }

        return result;
    }

    // Squeeze/Unsqueeze take axes as an attribute before opset 13 and as an input from 13 on.
    private static long[]? Axes(OnnxNode node, OnnxValue?[] inputs, long[]? attribute, int inputIndex) =>
        node.Opset >= 13 ? Optional(inputs, inputIndex)?.AsLongs() : attribute;

    private static OperatorBody Squeeze(OnnxNode node)
    {
        var attribute = node.Ints("axes");
        return inputs =>
        {
            // x → x without the listed size-1 axes (all size-1 axes when none are listed)
            var x = Required(inputs, 0);
            var axes = Axes(node, inputs, attribute, 1);
            var drop = new bool[x.Rank];
            if (axes is null)
            {
                for (var i = 0; i < x.Rank; i++)
                {
                    drop[i] = x.Shape[i] == 1;
                }
            }
            else
            {
                foreach (var a in axes)
                {
                    var axis = NormalizeAxis(a, x.Rank, "squeeze axis");
                    if (x.Shape[axis] != 1)
                    {
                        throw new OnnxModelException($"cannot squeeze axis {axis} of {x}: its size is not 1.");
                    }

                    drop[axis] = true;
                }
            }

            return [x.WithShape(x.Shape.Where((_, i) => !drop[i]).ToArray())];
        };
    }

    private static OperatorBody Unsqueeze(OnnxNode node)
    {
        var attribute = node.Ints("axes");
        return inputs =>
        {
            // x → x with size-1 axes inserted at the listed output positions
            var x = Required(inputs, 0);
            var axes = Axes(node, inputs, attribute, 1) ?? throw new OnnxModelException("Unsqueeze needs axes.");
            var rank = x.Rank + axes.Length;
            var insert = new bool[rank];
            foreach (var a in axes)
            {
                var axis = NormalizeAxis(a, rank, "unsqueeze axis");
                if (insert[axis])
                {
                    throw new OnnxModelException($"unsqueeze axis {axis} is listed twice.");
                }

                insert[axis] = true;
            }

            var shape = new int[rank];
            for (int i = 0, source = 0; i < rank; i++)
            {
                shape[i] = insert[i] ? 1 : x.Shape[source++];
            }

            return [x.WithShape(shape)];
        };
    }

    private static OperatorBody Split(OnnxNode node)
    {
        var axisAttribute = node.Int("axis", 0);
        var attributeSplit = node.Ints("split");
        var outputs = node.OutputCount;
        return inputs =>
        {
            // x → outputs along axis, sizes from split (attribute < 13, input >= 13) or equal parts
            var x = Required(inputs, 0);
            var axis = NormalizeAxis(axisAttribute, x.Rank, "attribute axis");
            var sizes = (node.Opset >= 13 ? Optional(inputs, 1)?.AsLongs() : attributeSplit) ?? EqualSplit(x.Shape[axis], outputs);
            if (sizes.Length != outputs || sizes.Any(s => s < 0) || sizes.Sum() != x.Shape[axis])
            {
                throw new OnnxModelException($"split sizes ({string.Join(", ", sizes)}) do not divide axis {axis} of {x} into {outputs} outputs.");
            }

            var outer = x.Shape[..axis].Aggregate(1, (p, d) => p * d);
            var inner = x.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
            var result = new OnnxValue[outputs];
            var start = 0;
            for (var k = 0; k < outputs; k++)
            {
                var shape = (int[])x.Shape.Clone();
                shape[axis] = (int)sizes[k];
                result[k] = x.IsFloat
                    ? OnnxValue.FromFloats(SliceAxis(x.Floats!, outer, x.Shape[axis], inner, start, shape[axis]), shape)
                    : OnnxValue.FromLongs(SliceAxis(x.Longs!, outer, x.Shape[axis], inner, start, shape[axis]), shape);
                start += shape[axis];
            }

            return result;
        };
    }

    // ONNX (opset 18) splits into ceil-sized parts with a smaller last part; earlier opsets require divisibility.
    private static long[] EqualSplit(int size, int parts)
    {
        var each = (size + parts - 1) / parts;
        return [.. Enumerable.Range(0, parts).Select(k => (long)Math.Clamp(size - (k * each), 0, each))];
    }

    private static T[] SliceAxis<T>(T[] data, int outer, int axisSize, int inner, int start, int count)
    {
        var result = new T[outer * count * inner];
        for (var o = 0; o < outer; o++)
        {
            Array.Copy(data, ((o * axisSize) + start) * inner, result, o * count * inner, count * inner);
        }

        return result;
    }

    private static OperatorBody Slice(OnnxNode node)
    {
        var attributeStarts = node.Ints("starts");
        var attributeEnds = node.Ints("ends");
        var attributeAxes = node.Ints("axes");
        return inputs =>
        {
            // data, starts, ends[, axes, steps] → data[starts:ends:steps] along the axes
            var x = Required(inputs, 0);
            long[] starts, ends;
            long[]? axes, steps = null;
            if (node.Opset < 10)
            {
                starts = attributeStarts ?? throw new OnnxModelException("attribute starts is missing.");
                ends = attributeEnds ?? throw new OnnxModelException("attribute ends is missing.");
                axes = attributeAxes;
            }
            else
            {
                starts = Required(inputs, 1).AsLongs();
                ends = Required(inputs, 2).AsLongs();
                axes = Optional(inputs, 3)?.AsLongs();
                steps = Optional(inputs, 4)?.AsLongs();
            }

            if (ends.Length != starts.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
            {
                throw new OnnxModelException("starts, ends, axes and steps must have the same length.");
            }

            var rank = x.Rank;
            var begin = new long[rank];
            var step = new long[rank];
            var shape = (int[])x.Shape.Clone();
            Array.Fill(step, 1);
            for (var i = 0; i < starts.Length; i++)
            {
                var axis = NormalizeAxis(axes?[i] ?? i, rank, "slice axis");
                var size = x.Shape[axis];
                var s = steps?[i] ?? 1;
                if (s == 0)
                {
                    throw new OnnxModelException($"slice step for axis {axis} is 0.");
                }

                long first = starts[i] < 0 ? starts[i] + size : starts[i];
                long last = ends[i] < 0 ? ends[i] + size : ends[i];
                if (s > 0)
                {
                    first = Math.Clamp(first, 0, size);
                    last = Math.Clamp(last, 0, size);
                }
                else
                {
                    first = Math.Clamp(first, -1, size - 1);
                    last = Math.Clamp(last, -1, size - 1);
                }

                var count = s > 0 ? Math.Max(0, (last - first + s - 1) / s) : Math.Max(0, (first - last + (-s) - 1) / (-s));
                begin[axis] = first;
                step[axis] = s;
                shape[axis] = (int)count;
            }

            var strides = Strides(x.Shape);
            var offset = 0L;
            var outputStrides = new int[rank];
            for (var axis = 0; axis < rank; axis++)
            {
                offset += begin[axis] * strides[axis];
                outputStrides[axis] = (int)(step[axis] * strides[axis]);
            }

            return [x.IsFloat
                ? OnnxValue.FromFloats(StridedCopy(x.Floats!, shape, (int)offset, outputStrides), shape)
                : OnnxValue.FromLongs(StridedCopy(x.Longs!, shape, (int)offset, outputStrides), shape)];
        };
    }

    // Strided gather: output element at multi-index i reads source[offset + Σ i_k·strides_k].
    private static T[] StridedCopy<T>(T[] source, int[] shape, int offset, int[] strides)
    {
        var result = new T[OnnxValue.ElementCount(shape)];
        if (result.Length == 0)
        {
            return result;
        }

        var index = new int[shape.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = source[offset];
            for (var axis = shape.Length - 1; axis >= 0; axis--)
            {
                index[axis]++;
                offset += strides[axis];
                if (index[axis] < shape[axis])
                {
                    break;
                }

                offset -= strides[axis] * shape[axis];
                index[axis] = 0;
            }
        }

        return result;
    }

    private static OperatorBody ConstantOfShape(OnnxNode node)
    {
        var fill = node.Tensor("value") is { } tensor ? TensorDecoder.Decode(tensor, $"{node.Describe} attribute value", null) : OnnxValue.FromFloats([0f], [1]);
        if (fill.Length != 1)
        {
            throw node.Error($"attribute value has {fill.Length} elements; expected one.");
        }

        return inputs =>
        {
            // shape (int64 vector) → tensor of that shape filled with the value
            var shape = Required(inputs, 0).AsLongs().Select((d, i) => Dimension(d, $"shape[{i}]")).ToArray();
            var count = OnnxValue.ElementCount(shape);
            if (fill.IsFloat)
            {
                var data = new float[count];
                Array.Fill(data, fill.Floats![0]);
                return [OnnxValue.FromFloats(data, shape)];
            }

            var longs = new long[count];
            Array.Fill(longs, fill.Longs![0]);
            return [OnnxValue.FromLongs(longs, shape)];
        };
    }

    private static OperatorBody Pad(OnnxNode node)
    {
        var mode = node.String("mode", "constant");
        if (mode is not ("constant" or "reflect" or "edge"))
        {
            throw node.Error($"attribute mode is '{mode}'; expected constant, reflect or edge.");
        }

        var attributePads = node.Ints(node.Opset < 2 ? "paddings" : "pads");
        var attributeValue = node.Float("value", 0f);
        return inputs =>
        {
            // x, pads (begins then ends per axis), value[, axes] → padded x
            var x = RequiredFloat(inputs, 0);
            var rank = x.Rank;
            var pads = node.Opset >= 11 ? Required(inputs, 1).AsLongs() : attributePads ?? throw new OnnxModelException("attribute pads is missing.");
            var value = node.Opset >= 11 ? ScalarOr(Optional(inputs, 2), 0f, "constant_value") : attributeValue;
            var axes = node.Opset >= 18 && Optional(inputs, 3) is { } axesValue
                ? axesValue.AsLongs().Select(a => NormalizeAxis(a, rank, "pad axis")).ToArray()
                : Enumerable.Range(0, rank).ToArray();
            if (pads.Length != 2 * axes.Length)
            {
                throw new OnnxModelException($"pads has {pads.Length} values; expected {2 * axes.Length} for {x}.");
            }

            var before = new long[rank];
            var shape = (int[])x.Shape.Clone();
            for (var i = 0; i < axes.Length; i++)
            {
                var axis = axes[i];
                before[axis] = pads[i];
                shape[axis] = Dimension(x.Shape[axis] + pads[i] + pads[i + axes.Length], $"padded axis {axis}");
                if (mode != "constant" && (x.Shape[axis] == 0 || (mode == "reflect" && (pads[i] >= x.Shape[axis] || pads[i + axes.Length] >= x.Shape[axis]))))
                {
                    throw new OnnxModelException($"{mode} padding of {pads[i]},{pads[i + axes.Length]} does not fit axis {axis} of {x}.");
                }
            }

            var result = new float[OnnxValue.ElementCount(shape)];
            var strides = Strides(x.Shape);
            var index = new int[rank];
            for (var i = 0; i < result.Length; i++)
            {
                var offset = 0L;
                var inside = true;
                for (var axis = 0; axis < rank && inside; axis++)
                {
                    long source = index[axis] - before[axis];
                    var size = x.Shape[axis];
                    if (source < 0 || source >= size)
                    {
                        switch (mode)
                        {
                            case "constant": inside = false; break;
                            case "edge": source = Math.Clamp(source, 0, size - 1); break;
                            default: source = source < 0 ? -source : (2 * (size - 1)) - source; break;
                        }
                    }

                    offset += source * strides[axis];
                }

                result[i] = inside ? x.Floats![offset] : value;
                for (var axis = rank - 1; axis >= 0; axis--)
                {
                    if (++index[axis] < shape[axis])
                    {
                        break;
                    }

                    index[axis] = 0;
                }
            }

            return [OnnxValue.FromFloats(result, shape)];
        };
    }
}
