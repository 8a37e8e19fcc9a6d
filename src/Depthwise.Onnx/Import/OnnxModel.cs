using System.Diagnostics;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import;

/// <summary>
/// An ONNX model loaded into a plan of operators, ready to run. Loading validates everything it can (format, opset,
/// operators, attributes, initializer sizes, external data paths) so that an unsupported model fails before it runs.
/// A loaded model is immutable: <see cref="Run(IReadOnlyDictionary{string, Tensor})"/> may be called from many threads at once and gives identical outputs.
/// </summary>
/// <remarks>
/// Supported: default-domain opsets 9 to 21; see <c>docs/onnx.md</c> for the operators, passes and safety rules.
/// Values are float32 tensors, plus int64 tensors for shape arithmetic and integer inputs (int32 inputs are widened).
/// </remarks>
public sealed partial class OnnxModel
{
    private readonly LoadedGraph _graph;

    // The most plans kept when idle (each holds its buffers): enough for a few callers and a few input shapes.
    private const int MaximumIdlePlans = 8;

    // Execution plans not in use, each specialized to one set of input shapes, most recently used last; a call takes
    // one for its shapes (or builds one) and gives it back.
    private readonly List<ExecutionPlan> _plans = [];

    private OnnxModel(LoadedGraph graph, OnnxModelOptions options)
    {
        _graph = graph;
        Options = options;
    }

    /// <summary>The model's inputs (initializers excluded), as declared.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs => _graph.Inputs;

    /// <summary>The model's outputs, as declared.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs => _graph.Outputs;

    /// <summary>The default-domain opset the model imports.</summary>
    public int Opset => _graph.Opset;

    /// <summary>The options the model was loaded with.</summary>
    public OnnxModelOptions Options { get; }

    /// <summary>How many nodes of each op type the plan runs (after the graph passes, when enabled).</summary>
    public IReadOnlyDictionary<string, int> OperatorCounts =>
        _graph.Steps.GroupBy(s => s.OpType).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Loads a model file; external data files are looked up next to it (and only inside its folder).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">Threads and passes; null means <see cref="OnnxModelOptions.Default"/>.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="OnnxFormatException">The file is not a well-formed ONNX model.</exception>
    /// <exception cref="OnnxModelException">The model uses something we do not support, or is inconsistent.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static OnnxModel Load(string path, OnnxModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var length = new FileInfo(full).Length;
        if (length > int.MaxValue)
        {
            throw new OnnxFormatException($"'{path}' is {length} bytes; a protobuf model is at most 2 GiB (larger weights belong in external data).");
        }

        return Load(File.ReadAllBytes(full), Path.GetDirectoryName(full), options);
    }

    /// <summary>Loads a model from bytes; a model with external data must be loaded from its path instead.</summary>
    /// <param name="bytes">The serialized ModelProto.</param>
    /// <param name="options">Threads and passes; null means <see cref="OnnxModelOptions.Default"/>.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="OnnxFormatException">The bytes are not a well-formed ONNX model.</exception>
    /// <exception cref="OnnxModelException">The model uses something we do not support, or is inconsistent.</exception>
    public static OnnxModel Load(ReadOnlySpan<byte> bytes, OnnxModelOptions? options = null) => Load(bytes, null, options);

    /// <summary>Loads a model from a stream (read to its end; at most 2 GiB).</summary>
    /// <param name="stream">The serialized ModelProto.</param>
    /// <param name="options">Threads and passes; null means <see cref="OnnxModelOptions.Default"/>.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="OnnxFormatException">The bytes are not a well-formed ONNX model.</exception>
    /// <exception cref="OnnxModelException">The model uses something we do not support, or is inconsistent.</exception>
    public static OnnxModel Load(Stream stream, OnnxModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > int.MaxValue)
            {
                throw new OnnxFormatException("stream holds more than 2 GiB; a protobuf model is at most that large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), null, options);
    }

    private static OnnxModel Load(ReadOnlySpan<byte> bytes, string? baseDirectory, OnnxModelOptions? options)
    {
        options ??= OnnxModelOptions.Default;
        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, $"options.Threads is {options.Threads}; expected 0 (all cores) or more.");
        }

        var model = GraphLoader.Parse(bytes);
        return new OnnxModel(GraphLoader.Load(model, baseDirectory, options), options);
    }

    /// <summary>Runs the model.</summary>
    /// <param name="inputs">One float32 tensor per model input, by name, with the declared rank and fixed dimensions.</param>
    /// <returns>Every model output by name, as float32 tensors (int64 outputs are converted).</returns>
    /// <exception cref="OnnxModelException">An input is missing, unknown or of the wrong type, rank or shape, or a node fails (the message names it).</exception>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs) => Run(new ModelInputs(inputs));

    /// <summary>Runs a model whose inputs may be int64 or int32 as well as float32.</summary>
    /// <param name="inputs">One tensor per model input, by name, of the declared element type, rank and fixed dimensions.</param>
    /// <returns>Every model output by name, as float32 tensors (int64 outputs are converted).</returns>
    /// <exception cref="OnnxModelException">An input is missing, unknown or of the wrong type, rank or shape, or a node fails (the message names it).</exception>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, OnnxTensor> inputs) => Run(new ModelInputs(inputs));

    /// <summary>
    /// Runs the model into caller-provided output tensors. With inputs of the same shapes as an earlier call, a run whose
    /// operators all have prepared kernels (convolutions, elementwise arithmetic and activations, pooling, Resize, Gemm,
    /// views; see <c>docs/onnx.md</c>) allocates no managed memory on one thread: buffers are assigned once per input
    /// shape by liveness and reused.
    /// </summary>
    /// <param name="inputs">One float32 tensor per model input, by name, with the declared rank and fixed dimensions.</param>
    /// <param name="outputs">One tensor per model output, by name, with the output's shape; overwritten.</param>
    /// <exception cref="OnnxModelException">An input is missing, unknown or of the wrong type, rank or shape, or a node fails (the message names it).</exception>
    /// <exception cref="ArgumentException">An output is missing or has another shape than the model produces.</exception>
    public void Run(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyDictionary<string, Tensor> outputs) => Run(new ModelInputs(inputs), outputs);

    /// <summary>
    /// Runs a model whose inputs may be int64 or int32 as well as float32 into caller-provided output tensors, allocating
    /// nothing in the steady state as <see cref="Run(IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, Tensor})"/> does.
    /// </summary>
    /// <param name="inputs">One tensor per model input, by name, of the declared element type, rank and fixed dimensions.</param>
    /// <param name="outputs">One tensor per model output, by name, with the output's shape; overwritten.</param>
    /// <exception cref="OnnxModelException">An input is missing, unknown or of the wrong type, rank or shape, or a node fails (the message names it).</exception>
    /// <exception cref="ArgumentException">An output is missing or has another shape than the model produces.</exception>
    public void Run(IReadOnlyDictionary<string, OnnxTensor> inputs, IReadOnlyDictionary<string, Tensor> outputs) => Run(new ModelInputs(inputs), outputs);

    private IReadOnlyDictionary<string, Tensor> Run(ModelInputs inputs)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var plan = RentAndRun(inputs);
        try
        {
            for (var i = 0; i < _graph.Outputs.Count; i++)
            {
                var value = CheckedOutput(plan, i);
                result[_graph.Outputs[i].Name] = new Tensor(value.IsFloat ? value.Floats!.AsSpan().ToArray() : value.AsFloats(), value.Shape);
            }
        }
        finally
        {
            GiveBack(plan);
        }

        return result;
    }

    private void Run(ModelInputs inputs, IReadOnlyDictionary<string, Tensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var plan = RentAndRun(inputs);
        try
        {
            for (var i = 0; i < _graph.Outputs.Count; i++)
            {
                var name = _graph.Outputs[i].Name;
                var value = CheckedOutput(plan, i);
                if (!outputs.TryGetValue(name, out var tensor) || tensor is null)
                {
                    throw new ArgumentException($"outputs has no tensor named '{name}'; expected one per model output.", nameof(outputs));
                }

                if (!tensor.Shape.SequenceEqual(value.Shape))
                {
                    throw new ArgumentException(
                        $"outputs['{name}'] has shape {Tensor.FormatShape(tensor.Shape)}; the model produces {OnnxValue.Format(value.Shape)}.", nameof(outputs));
                }

                if (value.IsFloat)
                {
                    value.Floats.CopyTo(tensor.Span);
                }
                else
                {
                    var target = tensor.Span;
                    for (var e = 0; e < target.Length; e++)
                    {
                        target[e] = value.Longs![e];
                    }
                }
            }
        }
        finally
        {
            GiveBack(plan);
        }
    }

    /// <summary>How the execution plan for these input shapes runs: buffer bytes (with reuse, and one buffer per value),
    /// steps without a prepared kernel, inputs its first layer reads from the caller's tensor (not copied), and outputs
    /// handed channels-last to their one reader, and stems run inside their reader.</summary>
    internal (long BufferBytes, long ValueBytes, int FallbackSteps, int InputsReadInPlace, int ChannelsLastHandoffs, int FusedStems) DescribePlan(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var plan = RentAndRun(new ModelInputs(inputs));
        GiveBack(plan);
        return (plan.BufferBytes, plan.ValueBytes, plan.FallbackSteps, Enumerable.Range(0, _graph.Inputs.Count).Count(plan.ReadsInputInPlace), plan.ChannelsLastHandoffs, plan.FusedStems);
    }

    /// <summary>
    /// Diagnostics: runs the model <paramref name="runs"/> times (after as many untimed runs) and returns each step's
    /// fastest time over the runs (on a shared machine, the run in which nothing else took the core), with how the plan
    /// runs it (bound kernel, skipped, or the allocating fallback body).
    /// </summary>
    internal IReadOnlyList<(string OpType, string Name, string Mode, string Output, double Microseconds)> ProfileSteps(IReadOnlyDictionary<string, Tensor> tensors, int runs)
    {
        var inputs = new ModelInputs(tensors);
        var plan = RentAndRun(inputs);
        try
        {
            var ticks = new long[_graph.Steps.Count];
            var fastest = Enumerable.Repeat(long.MaxValue, _graph.Steps.Count).ToArray();
            for (var run = 0; run < runs; run++)
            {
                plan.Run(inputs);
            }

            for (var run = 0; run < runs; run++)
            {
                Array.Clear(ticks);
                plan.Run(inputs, ticks);
                for (var i = 0; i < ticks.Length; i++)
                {
                    fastest[i] = Math.Min(fastest[i], ticks[i]);
                }
            }

            return [.. _graph.Steps.Select((step, i) => (step.OpType, step.Name, plan.Mode(i), plan.Describe(i), fastest[i] * 1e6 / Stopwatch.Frequency))];
        }
        finally
        {
            GiveBack(plan);
        }
    }

    // Takes a plan built for these input shapes from the pool (or builds one) and runs it; the
    // caller reads the outputs and gives the plan back, so concurrent calls each hold their own plan.
    private ExecutionPlan RentAndRun(ModelInputs inputs)
    {
        ValidateInputs(inputs);
        ExecutionPlan? plan = null;
        lock (_plans)
        {
            for (var i = _plans.Count - 1; i >= 0; i--)
            {
                if (_plans[i].Matches(inputs))
                {
                    plan = _plans[i];
                    _plans.RemoveAt(i);
                    break;
                }
            }
        }

        // A new plan's build already ran the kernels on these inputs (see ExecutionPlan.Build): its outputs are a run's.
        if (plan is null)
        {
            return ExecutionPlan.Build(_graph, inputs);
        }

        try
        {
            plan.Run(inputs);
        }
        catch
        {
            GiveBack(plan);
            throw;
        }

        return plan;
    }

    private void GiveBack(ExecutionPlan plan)
    {
        lock (_plans)
        {
            if (_plans.Count == MaximumIdlePlans)
            {
                _plans.RemoveAt(0);
            }

            _plans.Add(plan);
        }
    }

    private OnnxValue CheckedOutput(ExecutionPlan plan, int index)
    {
        var name = _graph.Outputs[index].Name;
        var value = plan.Output(index) ?? throw new OnnxModelException($"output '{name}' was not produced.");
        foreach (var dimension in value.Shape)
        {
            if (dimension == 0)
            {
                throw new OnnxModelException($"output '{name}' has shape {OnnxValue.Format(value.Shape)}; a Tensor cannot hold zero-sized dimensions.");
            }
        }

        return value;
    }

    // Runs the plan on a fresh slot array (all per-call state lives there); observer sees each step's inputs.
    private OnnxValue?[] Execute(ModelInputs inputs, Action<PlanStep, OnnxValue?[]>? observer)
    {
        var slots = new OnnxValue?[_graph.SlotCount];
        foreach (var (slot, value) in _graph.ConstantSlots)
        {
            slots[slot] = value;
        }

        BindInputs(inputs, slots);
        foreach (var step in _graph.Steps)
        {
            var arguments = new OnnxValue?[step.Inputs.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = step.Inputs[i] >= 0 ? slots[step.Inputs[i]] : null;
            }

            observer?.Invoke(step, arguments);
            OnnxValue[] outputs;
            try
            {
                outputs = step.Body(arguments);
            }
            catch (Exception exception) when (exception is OnnxModelException or ArgumentException)
            {
                throw new OnnxModelException($"{step.Description}: {exception.Message}", exception);
            }

            for (var i = 0; i < step.Outputs.Length && i < outputs.Length; i++)
            {
                if (step.Outputs[i] >= 0)
                {
                    slots[step.Outputs[i]] = outputs[i];
                }
            }

            foreach (var slot in step.Release)
            {
                slots[slot] = null;
            }
        }

        return slots;
    }

    private void BindInputs(ModelInputs inputs, OnnxValue?[] slots)
    {
        ValidateInputs(inputs);
        for (var i = 0; i < _graph.Inputs.Count; i++)
        {
            slots[_graph.InputSlots[i]] = inputs.Copy(_graph.Inputs[i].Name);
        }
    }

    // Allocates nothing unless it throws.
    private void ValidateInputs(ModelInputs inputs)
    {
        var known = 0;
        for (var i = 0; i < _graph.Inputs.Count; i++)
        {
            known += inputs.Contains(_graph.Inputs[i].Name) ? 1 : 0;
        }

        if (known != inputs.Count)
        {
            var name = inputs.Names.First(n => !_graph.Inputs.Any(i => i.Name == n));
            throw new OnnxModelException($"input '{name}' is not an input of the model (inputs: {string.Join(", ", _graph.Inputs.Select(i => i.Name))}).");
        }

        for (var i = 0; i < _graph.Inputs.Count; i++)
        {
            var info = _graph.Inputs[i];
            if (!inputs.TryGet(info.Name, out var elementType, out var given))
            {
                throw new OnnxModelException($"input '{info.Name}' is missing; expected {info}.");
            }

            if (info.ElementType is not (OnnxElementType.Float or OnnxElementType.Int64 or OnnxElementType.Int32 or OnnxElementType.Undefined))
            {
                throw new OnnxModelException($"input '{info.Name}' is declared {info.ElementType}; only float32, int64 and int32 inputs can be given.");
            }

            if (info.ElementType != OnnxElementType.Undefined && elementType != info.ElementType)
            {
                throw new OnnxModelException(
                    $"input '{info.Name}' is {elementType}; the model declares it {info.ElementType} (give it as {(info.ElementType == OnnxElementType.Float ? "a Tensor" : $"OnnxTensor.From{info.ElementType}")}).");
            }

            if (info.Shape is { } shape)
            {
                if (shape.Count != given.Length)
                {
                    throw new OnnxModelException($"input '{info.Name}' has shape {Tensor.FormatShape(given)}; expected rank {shape.Count}: {info}.");
                }

                for (var d = 0; d < shape.Count; d++)
                {
                    if (shape[d].Value is { } fixedSize && fixedSize != given[d])
                    {
                        throw new OnnxModelException($"input '{info.Name}' has shape {Tensor.FormatShape(given)}; dimension {d} must be {fixedSize}: {info}.");
                    }
                }
            }
        }
    }
}
