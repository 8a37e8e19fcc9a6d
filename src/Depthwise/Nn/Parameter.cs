using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// A learnable tensor of a module: its value, and a slot for the gradient that backpropagation will fill.
/// </summary>
/// <remarks>
/// The <see cref="Name"/> is local to the owning module (<c>weight</c>, <c>bias</c>); the hierarchical name
/// (<c>features.3.conv.0.0.weight</c>) comes from <see cref="Module.NamedParameters"/>.
/// </remarks>
public sealed class Parameter
{
    private Tensor _value;

    /// <summary>Creates a parameter.</summary>
    /// <param name="name">Local name: letters, digits and underscores, no dots.</param>
    /// <param name="value">Initial value; its shape is fixed for the parameter's life.</param>
    /// <exception cref="ArgumentException">The name is empty or contains a dot.</exception>
    public Parameter(string name, Tensor value)
    {
        Module.RequireName(name, nameof(name));
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        _value = value;
    }

    /// <summary>Local name within the owning module.</summary>
    public string Name { get; }

    /// <summary>The current value. Replacing it (e.g. loading weights) requires the same shape.</summary>
    /// <exception cref="ArgumentException">The new value has another shape.</exception>
    public Tensor Value
    {
        get => _value;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!value.Shape.SequenceEqual(_value.Shape))
            {
                throw new ArgumentException(
                    $"parameter '{Name}' has shape {Tensor.FormatShape(_value.Shape)}; the new value has {Tensor.FormatShape(value.Shape)}.", nameof(value));
            }

            _value = value;
        }
    }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>, once a backward pass has produced one; null before.</summary>
    public Tensor? Gradient { get; set; }

    /// <summary>Adds a gradient into <see cref="Gradient"/>, allocating it zeroed first if there is none yet (backward passes accumulate).</summary>
    /// <param name="gradient">∂L/∂<see cref="Value"/>: the value's element count, in its order (shape may differ only by size-1 axes).</param>
    /// <exception cref="ArgumentException">The element count differs from the value's.</exception>
    public void AccumulateGradient(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.Length != _value.Length)
        {
            throw new ArgumentException(
                $"gradient {gradient} has {gradient.Length} values; parameter '{Name}' {Tensor.FormatShape(_value.Shape)} has {_value.Length}.", nameof(gradient));
        }

        if (Gradient is null || Gradient.Length != _value.Length)
        {
            Gradient = new Tensor(_value.Shape);
        }

        System.Numerics.Tensors.TensorPrimitives.Add(Gradient.Span, gradient.Span, Gradient.Span);
    }

    /// <summary>Number of learnable values.</summary>
    public int Length => _value.Length;

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Tensor.FormatShape(_value.Shape)}";
}
