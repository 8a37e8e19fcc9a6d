using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// A layer or a network of layers: a forward function, the learnable <see cref="Parameter"/>s and state buffers it
/// owns, and named child modules — the PyTorch <c>nn.Module</c> model, so parameter names
/// (<c>features.3.conv.0.0.weight</c>) line up with PyTorch state dictionaries.
/// </summary>
/// <remarks>
/// <para>
/// Modules hold state and call operators; they contain no kernel code. A module starts in training mode, like
/// PyTorch's; call <see cref="Eval"/> for inference (batch normalization then uses its running statistics and
/// dropout passes values through).
/// </para>
/// <para>
/// Every module can also <see cref="Describe"/> what it would cost on an input shape without running, so a
/// network's per-layer cost table comes from walking its modules (<see cref="DescribeLayers"/>).
/// </para>
/// </remarks>
public abstract class Module
{
    private readonly List<(string Name, Module Module)> _children = [];
    private readonly List<Parameter> _parameters = [];
    private readonly List<(string Name, Tensor Tensor)> _buffers = [];

    /// <summary>True in training mode (the initial mode), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Direct children, in registration (and, for containers, execution) order.</summary>
    public IReadOnlyList<(string Name, Module Module)> Children => _children;

    /// <summary>The learnable tensors this module owns itself (not its children's).</summary>
    public IReadOnlyList<Parameter> OwnParameters => _parameters;

    /// <summary>Runs the module on a batch.</summary>
    /// <param name="input">The input batch; its shape and layout depend on the module.</param>
    /// <returns>A new tensor (or, for a module that is the identity in the current mode, the input itself).</returns>
    public abstract Tensor Forward(Tensor input);

    /// <summary>
    /// Backpropagates through the last training-mode <see cref="Forward"/>: given ∂L/∂output, returns ∂L/∂input and
    /// adds (+=) ∂L/∂parameter into every own and descendant <see cref="Parameter.Gradient"/> (allocated zeroed on first use).
    /// </summary>
    /// <param name="gradOutput">∂L/∂output, with the shape and layout of the output of that forward.</param>
    /// <returns>∂L/∂input, with the shape and layout of the input of that forward.</returns>
    /// <exception cref="InvalidOperationException">No training-mode forward preceded this call (or its cache was already consumed by a backward).</exception>
    /// <exception cref="ArgumentException"><paramref name="gradOutput"/> does not have the output's shape.</exception>
    /// <exception cref="NotSupportedException">The module type has no backward pass (every module in <c>Depthwise.Nn</c> has one).</exception>
    /// <remarks>
    /// A training-mode forward keeps what the backward needs (inputs, masks, batch statistics); the backward consumes
    /// it, so each forward supports one backward, as in PyTorch without <c>retain_graph</c>. An inference-mode forward
    /// keeps nothing. The tensors a training-mode forward and a backward return are the module's own buffers, reused
    /// (overwritten) by its next training-mode forward or backward on the same shapes, so a steady-state training step
    /// allocates little: copy them (<see cref="Tensor.Clone"/>) to keep them longer. Inference-mode forwards return new tensors.
    /// </remarks>
    public virtual Tensor Backward(Tensor gradOutput) =>
        throw new NotSupportedException($"{GetType().Name} does not implement Backward; only modules that override it can be trained.");

    /// <summary>
    /// <see cref="Backward(Tensor)"/> for a caller that may not need ∂L/∂input — a training loop whose input is data:
    /// with <paramref name="computeInputGradient"/> false, layers that can skip it (convolutions, and the first layer
    /// of a <see cref="Sequential"/>) do, which saves the first convolution's input-gradient work.
    /// </summary>
    /// <param name="gradOutput">∂L/∂output, with the shape and layout of the output of the last training-mode forward.</param>
    /// <param name="computeInputGradient">False when the caller discards ∂L/∂input.</param>
    /// <returns>∂L/∂input, or null when it was skipped.</returns>
    /// <exception cref="InvalidOperationException">No training-mode forward preceded this call.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradOutput"/> does not have the output's shape.</exception>
    public virtual Tensor? Backward(Tensor gradOutput, bool computeInputGradient) => Backward(gradOutput);

    /// <summary>Sets every gradient of this module and its descendants to zero (gradients not yet allocated stay null).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, parameter) in NamedParameters())
        {
            parameter.Gradient?.Span.Clear();
        }
    }

    /// <summary>What the module would produce and cost on an input of this shape, without running it.</summary>
    /// <param name="inputShape">Logical input shape: (N, C, H, W) for images, (N, features) for vectors.</param>
    /// <returns>Output shape, parameters, multiply-adds and bytes; containers return the total of their layers.</returns>
    /// <exception cref="ArgumentException">The shape does not fit the module (wrong rank or channel count, kernel larger than the padded input).</exception>
    public abstract LayerCost Describe(ReadOnlySpan<int> inputShape);

    /// <summary>
    /// The costs of the leaf layers this module runs, in execution order, each named hierarchically
    /// (<c>features.1.conv.0.0</c>); a leaf module returns itself.
    /// </summary>
    /// <param name="inputShape">Logical input shape.</param>
    /// <returns>The layers.</returns>
    /// <exception cref="ArgumentException">The shape does not fit the module.</exception>
    public IReadOnlyList<LayerCost> DescribeLayers(ReadOnlySpan<int> inputShape)
    {
        var layers = new List<LayerCost>();
        AppendLayers(inputShape, string.Empty, layers);
        return layers;
    }

    /// <summary>Sets training mode on this module and every descendant.</summary>
    /// <param name="training">True for training, false for inference.</param>
    /// <returns>This module.</returns>
    public Module Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, child) in _children)
        {
            child.Train(training);
        }

        return this;
    }

    /// <summary>Sets inference mode on this module and every descendant.</summary>
    /// <returns>This module.</returns>
    public Module Eval() => Train(false);

    /// <summary>This module and all its descendants, depth first, with hierarchical names (the root's is empty).</summary>
    /// <returns>Pairs of name and module.</returns>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var stack = new Stack<(string Name, Module Module)>();
        stack.Push((string.Empty, this));
        while (stack.Count > 0)
        {
            var (name, module) = stack.Pop();
            yield return (name, module);
            for (var i = module._children.Count - 1; i >= 0; i--)
            {
                stack.Push((JoinName(name, module._children[i].Name), module._children[i].Module));
            }
        }
    }

    /// <summary>Every learnable parameter of this module and its descendants, named like PyTorch: <c>features.0.0.weight</c>.</summary>
    /// <returns>Pairs of hierarchical name and parameter, in module order.</returns>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var parameter in module._parameters)
            {
                yield return (JoinName(prefix, parameter.Name), parameter);
            }
        }
    }

    /// <summary>Every non-learnable state tensor (batch normalization's running mean and variance), named like PyTorch.</summary>
    /// <returns>Pairs of hierarchical name and tensor; writing into a tensor's span changes the module's state.</returns>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, buffer) in module._buffers)
            {
                yield return (JoinName(prefix, name), buffer);
            }
        }
    }

    /// <summary>Total number of learnable values in this module and its descendants.</summary>
    /// <returns>The count.</returns>
    public long ParameterCount()
    {
        long count = 0;
        foreach (var (_, parameter) in NamedParameters())
        {
            count += parameter.Length;
        }

        return count;
    }

    /// <inheritdoc />
    public override string ToString() => GetType().Name;

    /// <summary>Adds this module's own description to <paramref name="layers"/>; containers override to add their children's.</summary>
    /// <param name="inputShape">Logical input shape.</param>
    /// <param name="name">This module's hierarchical name.</param>
    /// <param name="layers">Where the leaf descriptions go.</param>
    /// <returns>The output shape.</returns>
    protected internal virtual int[] AppendLayers(ReadOnlySpan<int> inputShape, string name, List<LayerCost> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var layer = Describe(inputShape) with { Name = name };
        layers.Add(layer);
        return layer.OutputShapeArray();
    }

    /// <summary>Registers a learnable tensor under a local name.</summary>
    /// <param name="name">Local name (no dots), unique within this module.</param>
    /// <param name="value">Initial value.</param>
    /// <returns>The parameter.</returns>
    protected Parameter AddParameter(string name, Tensor value)
    {
        RequireUnique(name);
        var parameter = new Parameter(name, value);
        _parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Registers a state tensor that is saved with the model but not learned.</summary>
    /// <param name="name">Local name (no dots), unique within this module.</param>
    /// <param name="value">The tensor.</param>
    /// <returns><paramref name="value"/>.</returns>
    protected Tensor AddBuffer(string name, Tensor value)
    {
        RequireUnique(name);
        ArgumentNullException.ThrowIfNull(value);
        _buffers.Add((name, value));
        return value;
    }

    /// <summary>Registers a child module; its parameters are then named <c>name.…</c> and it follows this module's mode.</summary>
    /// <typeparam name="TModule">The child's type.</typeparam>
    /// <param name="name">Local name (no dots), unique within this module.</param>
    /// <param name="child">The child; a module may have only one parent.</param>
    /// <returns><paramref name="child"/>.</returns>
    protected TModule AddChild<TModule>(string name, TModule child)
        where TModule : Module
    {
        RequireUnique(name);
        ArgumentNullException.ThrowIfNull(child);
        if (ReferenceEquals(child, this) || child.NamedModules().Any(pair => ReferenceEquals(pair.Module, this)))
        {
            throw new ArgumentException($"child '{name}' contains this module; expected a module tree without cycles.", nameof(child));
        }

        _children.Add((name, child));
        child.Train(IsTraining);
        return child;
    }

    /// <summary>
    /// The value a training-mode forward cached for the backward pass, or a clear error when there is none.
    /// </summary>
    /// <typeparam name="T">The cached value's type.</typeparam>
    /// <param name="cached">The cache field.</param>
    /// <returns>The cached value.</returns>
    /// <exception cref="InvalidOperationException">The cache is empty.</exception>
    protected T RequireCache<T>(T? cached)
        where T : class =>
        cached ?? throw new InvalidOperationException(
            $"{GetType().Name}.Backward was called without a preceding training-mode Forward (or a second time for one forward); " +
            "call Train() and Forward(input) first — each forward supports one backward.");

    /// <summary>Checks that a gradient has the shape and layout of the output it belongs to.</summary>
    /// <param name="gradOutput">The gradient.</param>
    /// <param name="shape">The output's shape.</param>
    /// <param name="layout">The output's layout.</param>
    /// <exception cref="ArgumentException">Shape or layout differ.</exception>
    protected void RequireGradientShape(Tensor gradOutput, ReadOnlySpan<int> shape, TensorLayout layout)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!gradOutput.Shape.SequenceEqual(shape) || (shape.Length == 4 && gradOutput.Layout != layout))
        {
            throw new ArgumentException(
                $"gradOutput is {gradOutput}; {GetType().Name} expected the shape of its forward output, {Tensor.FormatShape(shape)}" +
                (shape.Length == 4 ? $" {layout}." : "."),
                nameof(gradOutput));
        }
    }

    /// <summary>Checks a local name: non-empty, no dots (dots separate the levels of hierarchical names).</summary>
    internal static void RequireName(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (name.Length == 0 || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"name '{name}' is not valid; expected a non-empty name without dots.", parameter);
        }
    }

    private void RequireUnique(string name)
    {
        RequireName(name, nameof(name));
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'; expected unique names.", nameof(name));
        }
    }

    /// <summary>A hierarchical name: <c>prefix.name</c>, or just <c>name</c> under the root.</summary>
    internal static string JoinName(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
