using Depthwise.Tensors;

namespace Depthwise.Onnx.Import;

/// <summary>
/// The inputs of one call, whichever dictionary the caller passed (float tensors, or <see cref="OnnxTensor"/>s of any
/// accepted element type), read without allocating.
/// </summary>
internal readonly struct ModelInputs
{
    private readonly IReadOnlyDictionary<string, Tensor>? _tensors;
    private readonly IReadOnlyDictionary<string, OnnxTensor>? _typed;

    public ModelInputs(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors, "inputs");
        _tensors = tensors;
    }

    public ModelInputs(IReadOnlyDictionary<string, OnnxTensor> typed)
    {
        ArgumentNullException.ThrowIfNull(typed, "inputs");
        _typed = typed;
    }

    public int Count => _tensors?.Count ?? _typed!.Count;

    public IEnumerable<string> Names => _tensors?.Keys ?? _typed!.Keys;

    public bool Contains(string name) => _tensors?.ContainsKey(name) ?? _typed!.ContainsKey(name);

    /// <summary>The input called <paramref name="name"/>: its element type and shape, or false when absent (or null).</summary>
    public bool TryGet(string name, out OnnxElementType elementType, out ReadOnlySpan<int> shape)
    {
        if (_tensors is not null)
        {
            var found = _tensors.TryGetValue(name, out var tensor) && tensor is not null;
            elementType = OnnxElementType.Float;
            shape = found ? tensor!.Shape : default;
            return found;
        }

        if (_typed!.TryGetValue(name, out var typed) && typed is not null)
        {
            elementType = typed.ElementType;
            shape = typed.Shape;
            return true;
        }

        elementType = OnnxElementType.Undefined;
        shape = default;
        return false;
    }

    /// <summary>The input called <paramref name="name"/> when the caller gave float tensors (else false).</summary>
    public bool TryGetTensor(string name, out Tensor tensor)
    {
        tensor = null!;
        return _tensors is not null && _tensors.TryGetValue(name, out tensor!) && tensor is not null;
    }

    /// <summary>Copies the (validated) input into <paramref name="target"/>, a value of its shape and storage (float or int64).</summary>
    public void CopyTo(string name, OnnxValue target)
    {
        if (_tensors is not null)
        {
            _tensors[name].Span.CopyTo(target.Floats);
            return;
        }

        var typed = _typed![name];
        if (typed.Floats is { } floats)
        {
            floats.Span.CopyTo(target.Floats);
        }
        else if (typed.Int64 is { } longs)
        {
            longs.CopyTo(target.Longs!, 0);
        }
        else
        {
            var ints = typed.Int32!;
            var destination = target.Longs!;
            for (var i = 0; i < ints.Length; i++)
            {
                destination[i] = ints[i];
            }
        }
    }

    /// <summary>A new value holding a copy of the (validated) input: float32 stays float, integers become int64.</summary>
    public OnnxValue Copy(string name)
    {
        TryGet(name, out var elementType, out var shape);
        var length = OnnxValue.ElementCount(shape);
        var value = elementType == OnnxElementType.Float
            ? OnnxValue.FromFloats(new float[length], shape.ToArray())
            : OnnxValue.FromLongs(new long[length], shape.ToArray());
        CopyTo(name, value);
        return value;
    }
}
