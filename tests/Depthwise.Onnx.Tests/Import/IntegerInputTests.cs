using Depthwise.Onnx.Import;
using DataType = Depthwise.Onnx.Protos.TensorProto.Types.DataType;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>int64 and int32 graph inputs given as <see cref="OnnxTensor"/>: checked against their declared type, fed to the graph as integers.</summary>
public sealed class IntegerInputTests
{
    private static readonly float[] Table = [.. Enumerable.Range(0, 5 * 3).Select(i => (i * 0.5f) - 2f)];

    // ids (2, 4) int64 → rows of a (5, 3) table: y (2, 4, 3).
    private static byte[] Embedding(DataType idType) => new ModelBuilder(13)
        .Input("ids", idType, [2, 4]).Initializer("table", Table, 5, 3)
        .Node("Gather", ["table", "ids"], ["y"], Attr.Int("axis", 0)).Output("y").Build();

    private static float[] Expected(IEnumerable<long> ids) => [.. ids.SelectMany(id => Table.Skip((int)id * 3).Take(3))];

    [Fact]
    public void Int64_ids_select_the_table_rows()
    {
        var model = OnnxModel.Load(Embedding(DataType.Int64));
        long[] ids = [0, 4, 2, 2, 1, 3, 0, 4];
        var y = model.Run(new Dictionary<string, OnnxTensor> { ["ids"] = OnnxTensor.FromInt64(ids, 2, 4) })["y"];
        Assert.Equal([2, 4, 3], y.ShapeArray());
        Assert.Equal(Expected(ids), y.Span.ToArray());

        // The same plan with other values: the integer input is read on every call.
        long[] other = [3, 3, 1, 0, 4, 4, 2, 1];
        var outputs = new Dictionary<string, DwTensor> { ["y"] = new DwTensor([2, 4, 3]) };
        model.Run(new Dictionary<string, OnnxTensor> { ["ids"] = OnnxTensor.FromInt64(other, 2, 4) }, outputs);
        Assert.Equal(Expected(other), outputs["y"].Span.ToArray());
    }

    [Fact]
    public void Int32_inputs_are_widened()
    {
        var model = OnnxModel.Load(Embedding(DataType.Int32));
        int[] ids = [1, 1, 4, 0, 3, 2, 2, 0];
        var y = model.Run(new Dictionary<string, OnnxTensor> { ["ids"] = OnnxTensor.FromInt32(ids, 2, 4) })["y"];
        Assert.Equal(Expected(ids.Select(i => (long)i)), y.Span.ToArray());
    }

    [Fact]
    public void Float_and_integer_inputs_mix_and_tensors_convert_implicitly()
    {
        // y = x + Cast(n): x float (1, 3), n int64 (1, 3)
        var model = OnnxModel.Load(new ModelBuilder(13).Input("x", 1, 3).Input("n", DataType.Int64, [1, 3])
            .Node("Cast", ["n"], ["nf"], Attr.Int("to", (long)DataType.Float)).Node("Add", ["x", "nf"], ["y"]).Output("y").Build());
        var y = model.Run(new Dictionary<string, OnnxTensor>
        {
            ["x"] = new DwTensor([0.5f, -1f, 2f], [1, 3]),
            ["n"] = OnnxTensor.FromInt64([3, 0, -7], 1, 3),
        })["y"];
        Assert.Equal([3.5f, -1f, -5f], y.Span.ToArray());
    }

    [Fact]
    public void A_wrong_element_type_is_refused_with_the_declared_one()
    {
        var int64 = OnnxModel.Load(Embedding(DataType.Int64));
        var asInt32 = Assert.Throws<OnnxModelException>(() => int64.Run(new Dictionary<string, OnnxTensor> { ["ids"] = OnnxTensor.FromInt32(new int[8], 2, 4) }));
        Assert.Contains("declares it Int64", asInt32.Message);
        var asFloat = Assert.Throws<OnnxModelException>(() => int64.Run(new Dictionary<string, OnnxTensor> { ["ids"] = new DwTensor([2, 4]) }));
        Assert.Contains("OnnxTensor.FromInt64", asFloat.Message);

        var floatModel = OnnxModel.Load(new ModelBuilder(13).Input("x", 1, 3).Node("Relu", ["x"], ["y"]).Output("y").Build());
        var asInteger = Assert.Throws<OnnxModelException>(() => floatModel.Run(new Dictionary<string, OnnxTensor> { ["x"] = OnnxTensor.FromInt64([1, 2, 3], 1, 3) }));
        Assert.Contains("declares it Float", asInteger.Message);
    }

    [Fact]
    public void An_integer_input_that_changes_an_output_shape_under_a_plan_is_refused_clearly()
    {
        // Reshape's target comes from the input: the plan built for (2, 3) cannot silently produce (3, 2).
        var model = OnnxModel.Load(new ModelBuilder(13).Input("x", 1, 6).Input("shape", DataType.Int64, [2])
            .Node("Relu", ["x"], ["r"]).Node("Reshape", ["r", "shape"], ["y"]).Output("y").Build());
        DwTensor x = new([1f, -2f, 3f, -4f, 5f, -6f], [1, 6]);
        var first = model.Run(new Dictionary<string, OnnxTensor> { ["x"] = x, ["shape"] = OnnxTensor.FromInt64([2, 3], 2) })["y"];
        Assert.Equal([2, 3], first.ShapeArray());
        Assert.Equal([1f, 0f, 3f, 0f, 5f, 0f], first.Span.ToArray());
        var changed = Assert.Throws<OnnxModelException>(() => model.Run(new Dictionary<string, OnnxTensor> { ["x"] = x, ["shape"] = OnnxTensor.FromInt64([3, 2], 2) }));
        Assert.Contains("data-dependent shapes", changed.Message);
    }

    [Fact]
    public void Shapes_must_match_the_values()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => OnnxTensor.FromInt64([1, 2, 3], 2, 2)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => OnnxTensor.FromInt32([1], -1)).ParamName);
        Assert.Equal(Depthwise.Onnx.Import.OnnxElementType.Int32, OnnxTensor.FromInt32([], 0, 3).ElementType);
    }
}
