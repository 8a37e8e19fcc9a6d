using System.Diagnostics;
using Depthwise.Onnx.Import.Operators;
using Depthwise.Tensors;

namespace Depthwise.Onnx.Import;

/// <summary>
/// The plan specialized to one set of input shapes, with its own buffers (a memory plan): built by running the graph
/// once, after which every step is one of
/// <list type="bullet">
/// <item>skipped — its outputs depend only on constants and the input shapes (shape arithmetic, folded once), or it
/// is a view (Reshape, Flatten, Identity, …) whose output shares its input's buffer;</item>
/// <item>bound — a prepared kernel reading and writing buffers assigned here, reused by liveness (a buffer goes back
/// to the pool after its last reader, and a later value of the same length takes it);</item>
/// <item>a fallback — the step's allocating body, for forms no kernel binds; when its inputs are fixed buffers, its
/// float results are copied into buffers of the plan, so the steps after it still bind kernels.</item>
/// </list>
/// When every step is skipped or bound, a run allocates nothing. One plan serves one caller at a time.
/// A float input given as a <see cref="Tensor"/> is copied into the plan's buffer at the start of each run, unless its
/// only reader is a bound Conv (a network's stem): that step then reads the caller's tensor where it lies and never
/// writes it (<see cref="ICallerInputReader"/>), saving a pass over the input (600 KB at 224²).
/// </summary>
internal sealed class ExecutionPlan
{
    private readonly LoadedGraph _graph;
    private readonly int[][] _inputShapes;
    private readonly OnnxValue[] _inputValues;
    private readonly OnnxValue?[] _slots;
    private readonly Action?[] _bound;
    private readonly OnnxValue?[]?[] _fallbackArguments;

    // Per fallback step whose results are copied into the plan's buffers: those buffers (else null).
    private readonly OnnxValue[]?[] _copyTargets;

    // An input at least this long (floats; 256 KB) is copied in parts on the model's threads: a 224² image takes
    // ≈ 50 µs on one thread, long enough for the pool's helpers to stop spinning and sleep just before the first layer.
    private const int ParallelCopyFloats = 1 << 16;

    // Per input copied in parts (at least ParallelCopyFloats floats, several threads): the copy, else null; it copies
    // from _copySource, set only during that copy (a plan serves one call at a time).
    private readonly Action?[] _inputCopies;
    private Tensor? _copySource;

    // Per input: the one bound step that reads it, when that step can read the caller's tensor in place (then a float
    // tensor given by the caller is not copied at all), else null.
    private readonly ICallerInputReader?[] _callerInputReaders;

    private ExecutionPlan(
        LoadedGraph graph, int[][] inputShapes, OnnxValue[] inputValues, OnnxValue?[] slots, Action?[] bound, OnnxValue?[]?[] fallbackArguments, OnnxValue[]?[] copyTargets, long bufferBytes)
    {
        _copyTargets = copyTargets;
        _graph = graph;
        _inputShapes = inputShapes;
        _inputValues = inputValues;
        _slots = slots;
        _bound = bound;
        _fallbackArguments = fallbackArguments;
        BufferBytes = bufferBytes;
        _inputCopies = Array.ConvertAll(inputValues, InputCopy);
        _callerInputReaders = CallerInputReaders(graph, bound);
        (ChannelsLastHandoffs, FusedStems) = HandOffChannelsLast(graph, bound, fallbackArguments);
    }

    // A bound step that can write its output channels-last (a stem) and the one bound step that reads that output, as
    // its data input, channels-last (a separable block) are switched to it, when the output is not a graph output: the
    // buffer then holds data no other step reads. When no step runs between the two, the block runs the stem inside its
    // own step instead, band by band into its scratch, and the stem's step does nothing; the stem's input must then stay
    // as it is until the block runs (nothing in between writes, and the block's output is not its buffer). Otherwise the
    // block reads the stem's output in place instead of transposing its planes into channel blocks. Bits are unchanged
    // (the stem's elements and the block's depthwise sums are the same operations either way). The build's run wrote the
    // planar form, which nothing reads after the switch.
    private static (int Handoffs, int FusedStems) HandOffChannelsLast(LoadedGraph graph, Action?[] bound, OnnxValue?[]?[] fallbackArguments)
    {
        var (handoffs, fusedStems) = (0, 0);
        for (var s = 0; s < graph.Steps.Count; s++)
        {
            if (bound[s]?.Target is not IChannelsLastWriter { CanWriteChannelsLast: true } writer || graph.Steps[s].Outputs is not [>= 0 and var slot]
                || SoleDataReader(graph, slot) is not (>= 0 and var reader) || bound[reader]?.Target is not IChannelsLastReader channelsLastReader)
            {
                continue;
            }

            var nothingRunsBetween = Enumerable.Range(s + 1, Math.Max(0, reader - s - 1)).All(between => bound[between] is null && fallbackArguments[between] is null);
            if (nothingRunsBetween && channelsLastReader.RunWriterInside(writer))
            {
                writer.RunInsideReader();
                fusedStems++;
                continue;
            }

            channelsLastReader.ReadChannelsLast();
            writer.WriteChannelsLast();
            handoffs++;
        }

        return (handoffs, fusedStems);
    }

    /// <summary>Steps that a later step runs inside its own, band by band (a stem inside a separable block; diagnostics, tests).</summary>
    public int FusedStems { get; }

    /// <summary>Steps whose output the next step reads channels-last (diagnostics, tests).</summary>
    public int ChannelsLastHandoffs { get; }

    // A float input is read in place when exactly one step reads it, as its data input (0), that step's bound kernel
    // can read the caller's tensor (a Conv), and the input is not also a graph output (read from the plan after the run).
    // Then no other step can see the plan's copy, which stays as the build left it; the kernel only reads the tensor.
    private static ICallerInputReader?[] CallerInputReaders(LoadedGraph graph, Action?[] bound)
    {
        var readers = new ICallerInputReader?[graph.Inputs.Count];
        for (var i = 0; i < readers.Length; i++)
        {
            if (SoleDataReader(graph, graph.InputSlots[i]) is >= 0 and var reader && bound[reader]?.Target is ICallerInputReader step)
            {
                readers[i] = step;
            }
        }

        return readers;
    }

    // The step that reads `slot`, when it is not a graph output and exactly one step reads it once, as its data input
    // (0); else −1.
    private static int SoleDataReader(LoadedGraph graph, int slot)
    {
        if (graph.OutputSlots.Contains(slot))
        {
            return -1;
        }

        var reads = 0;
        var reader = -1;
        for (var s = 0; s < graph.Steps.Count; s++)
        {
            var count = graph.Steps[s].Inputs.Count(input => input == slot);
            reads += count;
            reader = count > 0 ? s : reader;
        }

        return reads == 1 && graph.Steps[reader].Inputs[0] == slot ? reader : -1;
    }

    /// <summary>Whether model input <paramref name="index"/>, given as a float tensor, is read in place rather than copied (diagnostics, tests).</summary>
    public bool ReadsInputInPlace(int index) => _callerInputReaders[index] is not null;

    // Part p copies the p-th band of rows (the second-to-last dimension) of every plane (image, channel), not the p-th
    // slice of the flat array: the first layer splits its output rows into one contiguous band per thread as well (the
    // stem: 8 items, 4 per thread), so each thread then reads the input rows of all channels from its own cache rather
    // than the other core's.
    private Action? InputCopy(OnnxValue target)
    {
        if (_graph.Threads <= 1 || !target.IsFloat || target.Length < ParallelCopyFloats)
        {
            return null;
        }

        var floats = target.Floats!;
        var (rows, rowLength) = target.Shape.Length >= 2 ? (target.Shape[^2], target.Shape[^1]) : (target.Length, 1);
        var plane = rows * rowLength;
        return OnnxOperators.Split(rows, _graph.Threads, _graph.Threads, (_, firstRow, rowCount) =>
        {
            var source = _copySource!.Span;
            var (start, length) = (firstRow * rowLength, rowCount * rowLength);
            for (var offset = 0; offset < floats.Length; offset += plane)
            {
                source.Slice(offset + start, length).CopyTo(floats.AsSpan(offset + start, length));
            }
        });
    }

    /// <summary>Bytes of the buffers the plan owns (inputs and intermediates, after reuse).</summary>
    public long BufferBytes { get; }

    /// <summary>Bytes the same values would take with one buffer each (no reuse), for comparison.</summary>
    public long ValueBytes { get; private init; }

    /// <summary>Steps that run the allocating fallback on every call.</summary>
    public int FallbackSteps => _fallbackArguments.Count(a => a is not null);

    /// <summary>
    /// Builds the plan for these (validated) inputs by running the graph once: each step's body gives its output shapes,
    /// and a bound step's kernel then computes its values, so the built plan holds the outputs of a run of itself.
    /// </summary>
    public static ExecutionPlan Build(LoadedGraph graph, ModelInputs inputs)
    {
        var builder = new Builder(graph);
        return builder.Build(inputs);
    }

    /// <summary>True when the inputs have the shapes the plan was built for (allocates nothing).</summary>
    public bool Matches(ModelInputs inputs)
    {
        for (var i = 0; i < _inputShapes.Length; i++)
        {
            if (!inputs.TryGet(_graph.Inputs[i].Name, out var elementType, out var shape) || !shape.SequenceEqual(_inputShapes[i])
                || (elementType == OnnxElementType.Float) != _inputValues[i].IsFloat)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs the plan on inputs of the shapes it was built for.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="stepTicks">Diagnostics: when not empty, each step's Stopwatch ticks are added to its entry.</param>
    public void Run(ModelInputs inputs, Span<long> stepTicks = default)
    {
        try
        {
            RunSteps(inputs, stepTicks);
        }
        finally
        {
            // The plan keeps no reference to the caller's tensors between calls.
            foreach (var reader in _callerInputReaders)
            {
                reader?.ReadFrom(null);
            }
        }
    }

    private void RunSteps(ModelInputs inputs, Span<long> stepTicks)
    {
        for (var i = 0; i < _inputValues.Length; i++)
        {
            var name = _graph.Inputs[i].Name;
            var target = _inputValues[i];
            if (_callerInputReaders[i] is { } reader && inputs.TryGetTensor(name, out var callerTensor))
            {
                reader.ReadFrom(callerTensor);
                continue;
            }

            if (_inputCopies[i] is { } copy && inputs.TryGetTensor(name, out var tensor))
            {
                _copySource = tensor;
                copy();
                _copySource = null;
                continue;
            }

            inputs.CopyTo(name, target);
        }

        var steps = _graph.Steps;
        var start = stepTicks.IsEmpty ? 0 : Stopwatch.GetTimestamp();
        for (var s = 0; s < steps.Count; s++)
        {
            if (!stepTicks.IsEmpty)
            {
                var now = Stopwatch.GetTimestamp();
                stepTicks[Math.Max(s - 1, 0)] += now - start;
                start = now;
            }

            if (_bound[s] is { } action)
            {
                RunBound(steps[s], action);
            }
            else if (_fallbackArguments[s] is { } arguments)
            {
                var step = steps[s];
                for (var i = 0; i < arguments.Length; i++)
                {
                    arguments[i] = step.Inputs[i] >= 0 ? _slots[step.Inputs[i]] : null;
                }

                var outputs = Invoke(step, arguments);
                if (_copyTargets[s] is { } targets)
                {
                    CopyInto(step, outputs, targets);
                    continue;
                }

                for (var i = 0; i < step.Outputs.Length && i < outputs.Length; i++)
                {
                    if (step.Outputs[i] >= 0)
                    {
                        _slots[step.Outputs[i]] = outputs[i];
                    }
                }
            }
        }

        if (!stepTicks.IsEmpty && steps.Count > 0)
        {
            stepTicks[steps.Count - 1] += Stopwatch.GetTimestamp() - start;
        }
    }

    /// <summary>How step <paramref name="index"/> runs: "bound", "fallback" or "skipped".</summary>
    public string Mode(int index) => _bound[index] is not null ? "bound" : _fallbackArguments[index] is not null ? "fallback" : "skipped";

    /// <summary>The first output of step <paramref name="index"/> as the last run left it (type and shape), for diagnostics.</summary>
    public string Describe(int index) => _graph.Steps[index].Outputs is [>= 0 and var slot, ..] && _slots[slot] is { } value ? value.ToString() : "-";

    /// <summary>Graph output <paramref name="index"/> of the last run (valid until the next run of this plan).</summary>
    public OnnxValue? Output(int index) => _slots[_graph.OutputSlots[index]];

    // Supported operators' output shapes follow from their inputs' shapes and constants, which a plan fixes; a change
    // would mean a kernel bound to these buffers reads the wrong sizes, so it is refused rather than run.
    private static void CopyInto(PlanStep step, OnnxValue[] outputs, OnnxValue[] targets)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            if (i >= outputs.Length || !outputs[i].IsFloat || !outputs[i].Shape.AsSpan().SequenceEqual(targets[i].Shape))
            {
                throw new OnnxModelException(
                    $"{step.Description}: output {i} is {(i < outputs.Length ? outputs[i].ToString() : "missing")} but was {targets[i]} for the same input shapes; data-dependent shapes are not supported.");
            }

            outputs[i].Floats.AsSpan().CopyTo(targets[i].Floats);
        }
    }

    private static void RunBound(PlanStep step, Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception) when (exception is OnnxModelException or ArgumentException)
        {
            throw new OnnxModelException($"{step.Description}: {exception.Message}", exception);
        }
    }

    private static OnnxValue[] Invoke(PlanStep step, OnnxValue?[] arguments)
    {
        try
        {
            return step.Body(arguments);
        }
        catch (Exception exception) when (exception is OnnxModelException or ArgumentException)
        {
            throw new OnnxModelException($"{step.Description}: {exception.Message}", exception);
        }
    }

    /// <summary>Runs the graph once while assigning buffers; one builder builds one plan.</summary>
    private sealed class Builder(LoadedGraph graph)
    {
        private readonly OnnxValue?[] _slots = new OnnxValue?[graph.SlotCount];

        // Content fixed for every run with these input shapes: constants and what only they and shapes determine.
        private readonly bool[] _static = new bool[graph.SlotCount];

        // The value lives in a buffer (or a constant) that stays the same object from run to run, so kernels may bind it.
        private readonly bool[] _stable = new bool[graph.SlotCount];

        // The plan's buffers each slot keeps alive; a buffer returns to the pool when no live slot holds it.
        private readonly List<float[]>?[] _holds = new List<float[]>?[graph.SlotCount];
        private readonly Dictionary<float[], int> _holders = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<int, Stack<float[]>> _free = [];
        private long _bytes;
        private long _requested;

        public ExecutionPlan Build(ModelInputs inputs)
        {
            foreach (var (slot, value) in graph.ConstantSlots)
            {
                _slots[slot] = value;
                _static[slot] = _stable[slot] = true;
            }

            var inputShapes = new int[graph.Inputs.Count][];
            var inputValues = new OnnxValue[graph.Inputs.Count];
            for (var i = 0; i < inputShapes.Length; i++)
            {
                // Integer inputs (ids, indices) live in int64 arrays of their own; float ones in the pooled buffers.
                var name = graph.Inputs[i].Name;
                inputs.TryGet(name, out var elementType, out var shape);
                inputShapes[i] = shape.ToArray();
                var length = OnnxValue.ElementCount(shape);
                var slot = graph.InputSlots[i];
                if (elementType == OnnxElementType.Float)
                {
                    var buffer = Take(length);
                    inputValues[i] = OnnxValue.FromFloats(buffer, inputShapes[i]);
                    Hold(slot, buffer);
                }
                else
                {
                    inputValues[i] = OnnxValue.FromLongs(new long[length], inputShapes[i]);
                }

                inputs.CopyTo(name, inputValues[i]);
                _slots[slot] = inputValues[i];
                _stable[slot] = true;
            }

            var steps = graph.Steps;
            var bound = new Action?[steps.Count];
            var fallbackArguments = new OnnxValue?[]?[steps.Count];
            var copyTargets = new OnnxValue[]?[steps.Count];
            for (var s = 0; s < steps.Count; s++)
            {
                var step = steps[s];
                var arguments = new OnnxValue?[step.Inputs.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    arguments[i] = step.Inputs[i] >= 0 ? _slots[step.Inputs[i]] : null;
                }

                var outputs = Invoke(step, arguments);
                if (step.Inputs.All(slot => slot < 0 || _static[slot]))
                {
                    Store(step, outputs, isStatic: true, stable: true);
                }
                else if (IsView(step, arguments, outputs))
                {
                    Store(step, outputs, isStatic: false, stable: true);
                    foreach (var (output, index) in step.Outputs.Select((slot, index) => (slot, index)).Where(o => o.slot >= 0 && o.index < outputs.Length))
                    {
                        HoldArrayOf(output, outputs[index], arguments);
                    }
                }
                else if (Bind(step, arguments, outputs) is { } action)
                {
                    bound[s] = action;
                }
                else if (CopyTargets(step, outputs) is { } targets)
                {
                    fallbackArguments[s] = new OnnxValue?[step.Inputs.Length];
                    copyTargets[s] = targets;
                }
                else
                {
                    fallbackArguments[s] = new OnnxValue?[step.Inputs.Length];
                    Store(step, outputs, isStatic: false, stable: false);

                    // The body may return (a view of) an input: the outputs keep every input buffer alive.
                    foreach (var output in step.Outputs.Where(o => o >= 0))
                    {
                        foreach (var input in step.Inputs.Where(i => i >= 0 && _holds[i] is not null))
                        {
                            foreach (var buffer in _holds[input]!)
                            {
                                Hold(output, buffer);
                            }
                        }
                    }
                }

                foreach (var slot in step.Release)
                {
                    Release(slot);
                }
            }

            return new ExecutionPlan(graph, inputShapes, inputValues, _slots, bound, fallbackArguments, copyTargets, _bytes) { ValueBytes = _requested };
        }

        // Outputs that are the inputs' own arrays under another shape, with every other input fixed: nothing to run.
        private bool IsView(PlanStep step, OnnxValue?[] arguments, OnnxValue[] outputs)
        {
            if (outputs.Length == 0 || outputs.Any(o => !o.IsFloat))
            {
                return false;
            }

            var viewed = new HashSet<int>();
            foreach (var output in outputs)
            {
                var index = Array.FindIndex(arguments, a => a is { IsFloat: true } && ReferenceEquals(a.Floats, output.Floats));
                if (index < 0)
                {
                    return false;
                }

                viewed.Add(index);
            }

            for (var i = 0; i < arguments.Length; i++)
            {
                var slot = step.Inputs[i];
                if (slot >= 0 && !(viewed.Contains(i) ? _stable[slot] : _static[slot]))
                {
                    return false;
                }
            }

            return true;
        }

        private Action? Bind(PlanStep step, OnnxValue?[] arguments, OnnxValue[] outputs)
        {
            if (step.Binder is null || outputs.Length != step.Outputs.Length || outputs.Any(o => !o.IsFloat || o.Length == 0)
                || step.Outputs.Any(o => o < 0) || step.Inputs.Any(i => i >= 0 && !_stable[i]))
            {
                return null;
            }

            var constant = step.Inputs.Select(i => i < 0 || _static[i]).ToArray();
            var reused = step.InPlace && outputs.Length == 1 ? ReusableInput(step, outputs[0].Length) : null;
            var buffers = reused is not null ? [reused] : outputs.Select(o => Take(o.Length)).ToArray();
            _requested += reused is null ? 0 : reused.Length * (long)sizeof(float);
            var values = new OnnxValue[outputs.Length];
            for (var i = 0; i < outputs.Length; i++)
            {
                values[i] = OnnxValue.FromFloats(buffers[i], outputs[i].Shape);
            }

            var action = step.Binder(arguments, constant, values);
            if (action is null)
            {
                if (reused is null)
                {
                    foreach (var buffer in buffers)
                    {
                        Give(buffer);
                    }
                }

                return null;
            }

            // The body gave the shapes; the kernel computes the values, so that the build leaves exactly what a run of
            // the plan would (no second run needed) and later steps of this build read the kernel's outputs.
            RunBound(step, action);
            for (var i = 0; i < outputs.Length; i++)
            {
                Hold(step.Outputs[i], buffers[i]);
            }

            Store(step, values, isStatic: false, stable: true);
            return action;
        }

        // A fallback whose outputs are float and whose inputs are fixed buffers or constants: its results are copied
        // into buffers of the plan on every call, so the steps after it can bind kernels to them.
        private OnnxValue[]? CopyTargets(PlanStep step, OnnxValue[] outputs)
        {
            if (outputs.Length != step.Outputs.Length || outputs.Any(o => !o.IsFloat || o.Length == 0)
                || step.Outputs.Any(o => o < 0) || step.Inputs.Any(i => i >= 0 && !_stable[i]))
            {
                return null;
            }

            var values = new OnnxValue[outputs.Length];
            for (var i = 0; i < outputs.Length; i++)
            {
                var buffer = Take(outputs[i].Length);
                outputs[i].Floats!.CopyTo(buffer, 0);
                values[i] = OnnxValue.FromFloats(buffer, outputs[i].Shape);
                Hold(step.Outputs[i], buffer);
            }

            Store(step, values, isStatic: false, stable: true);
            return values;
        }

        // An input buffer of the output's length that this step reads last and nothing else holds: an elementwise
        // step may overwrite it (same start, same length), which saves a buffer and keeps the data in cache.
        private float[]? ReusableInput(PlanStep step, int length)
        {
            foreach (var slot in step.Inputs)
            {
                if (slot >= 0 && !_static[slot] && step.Release.Contains(slot) && _holds[slot] is [var buffer]
                    && buffer.Length == length && _holders[buffer] == 1)
                {
                    return buffer;
                }
            }

            return null;
        }

        private void Store(PlanStep step, OnnxValue[] outputs, bool isStatic, bool stable)
        {
            for (var i = 0; i < step.Outputs.Length && i < outputs.Length; i++)
            {
                var slot = step.Outputs[i];
                if (slot >= 0)
                {
                    _slots[slot] = outputs[i];
                    _static[slot] = isStatic;
                    _stable[slot] = stable;
                }
            }
        }

        private void HoldArrayOf(int slot, OnnxValue output, OnnxValue?[] arguments)
        {
            foreach (var buffer in arguments.Where(a => a is not null && ReferenceEquals(a.Floats, output.Floats)).Select(a => a!.Floats!).Distinct())
            {
                if (_holders.ContainsKey(buffer))
                {
                    Hold(slot, buffer);
                }
            }
        }

        private float[] Take(int length)
        {
            _requested += length * (long)sizeof(float);
            if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
            {
                return buffer;
            }

            _bytes += length * (long)sizeof(float);
            buffer = new float[length];
            _holders[buffer] = 0;
            return buffer;
        }

        private void Hold(int slot, float[] buffer)
        {
            (_holds[slot] ??= []).Add(buffer);
            _holders[buffer]++;
        }

        private void Release(int slot)
        {
            if (_holds[slot] is { } buffers)
            {
                foreach (var buffer in buffers)
                {
                    if (--_holders[buffer] == 0)
                    {
                        Give(buffer);
                    }
                }

                _holds[slot] = null;
            }
        }

        private void Give(float[] buffer)
        {
            if (!_free.TryGetValue(buffer.Length, out var stack))
            {
                _free[buffer.Length] = stack = new Stack<float[]>();
            }

            stack.Push(buffer);
        }
    }
}
