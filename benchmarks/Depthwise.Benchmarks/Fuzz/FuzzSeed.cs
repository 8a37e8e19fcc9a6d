using Depthwise.Onnx.Import;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Fuzz;

/// <summary>A well-formed model the fuzzer mutates, with an input it is known to run on.</summary>
/// <param name="Name">Where the model came from (catalog name or file name).</param>
/// <param name="Bytes">The serialized model.</param>
/// <param name="Inputs">Inputs the unmutated model runs on, or null when it only loads (its inputs could not be inferred).</param>
internal sealed record FuzzSeed(string Name, byte[] Bytes, IReadOnlyDictionary<string, Tensor>? Inputs)
{
    // Dynamic dimensions get these sizes in turn until the unmutated model runs; batch is always 1.
    private static readonly int[] DynamicSizes = [32, 48, 64];

    /// <summary>A seed whose inputs are built from the model's declared shapes, or a load-only seed if none runs.</summary>
    public static FuzzSeed FromBytes(string name, byte[] bytes)
    {
        var model = OnnxModel.Load(bytes);
        foreach (var size in DynamicSizes)
        {
            var inputs = new Dictionary<string, Tensor>();
            foreach (var input in model.Inputs)
            {
                if (input.Shape is null || input.ElementType != OnnxElementType.Float)
                {
                    return new FuzzSeed(name, bytes, null);
                }

                var shape = input.Shape.Select((dimension, axis) => (int)(dimension.Value ?? (axis == 0 ? 1 : size))).ToArray();
                var values = new float[shape.Aggregate(1, (product, dimension) => product * dimension)];
                var random = new Random(values.Length);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)random.NextDouble();
                }

                inputs[input.Name] = new Tensor(values, shape);
            }

            try
            {
                model.Run(inputs);
                return new FuzzSeed(name, bytes, inputs);
            }
            catch (OnnxModelException)
            {
                // This size does not fit the model (e.g. a height the architecture needs to be 48); try the next one.
            }
        }

        return new FuzzSeed(name, bytes, null);
    }
}
