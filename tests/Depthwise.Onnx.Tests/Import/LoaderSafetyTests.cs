using Depthwise.Onnx.Import;
using Depthwise.Onnx.Protos;
using Google.Protobuf;
using DataType = Depthwise.Onnx.Protos.TensorProto.Types.DataType;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>Bad files and bad inputs end in our documented exceptions with messages that say where.</summary>
public sealed class LoaderSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("depthwise-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ModelBuilder ConvModel(int opset = 13) => new ModelBuilder(opset).Input("x", 1, 2, 5, 5)
        .Initializer("W", [.. Enumerable.Range(0, 18).Select(i => i * 0.1f)], 2, 1, 3, 3)
        .Node("Conv", ["x", "W"], ["y"], Attr.Int("group", 2)).Output("y");

    private static Dictionary<string, DwTensor> Input(params int[] shape) => new() { ["x"] = new DwTensor(shape) };

    [Fact]
    public void Truncated_model_is_a_format_error()
    {
        var bytes = ConvModel().Build();
        var exception = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(bytes.AsSpan(0, bytes.Length - 7)));
        Assert.Contains("protobuf", exception.Message);
    }

    [Fact]
    public void Garbage_is_a_format_error() =>
        Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(Enumerable.Repeat((byte)0xFF, 64).ToArray()));

    [Fact]
    public void Absurd_declared_dims_are_refused_before_allocating()
    {
        var tensor = ModelBuilder.FloatTensor("W", [1, 2, 3, 4], [2, 2]);
        tensor.Dims.Clear();
        tensor.Dims.Add([1L << 20, 1L << 20, 1L << 20]);
        var bytes = ConvModel().RawInitializer(tensor).Build();
        var exception = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(bytes));
        Assert.Contains("initializer 'W'", exception.Message);
    }

    [Fact]
    public void Raw_data_shorter_than_the_dims_is_a_format_error()
    {
        var model = ConvModel().Model();
        model.Graph.Initializer[0].Dims[0] = 3;
        var exception = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(model.ToByteArray()));
        Assert.Contains("raw_data has 72 bytes", exception.Message);
    }

    [Fact]
    public void Typed_field_count_mismatch_is_a_format_error()
    {
        var tensor = new TensorProto { Name = "W", DataType = (int)DataType.Float };
        tensor.Dims.Add([2, 1, 3, 3]);
        tensor.FloatData.Add([1, 2, 3]);
        var model = ConvModel().Model();
        model.Graph.Initializer[0] = tensor;
        var exception = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(model.ToByteArray()));
        Assert.Contains("float_data has 3 values", exception.Message);
    }

    [Fact]
    public void Typed_fields_and_doubles_load()
    {
        var tensor = new TensorProto { Name = "W", DataType = (int)DataType.Double };
        tensor.Dims.Add([2, 1, 3, 3]);
        tensor.DoubleData.Add(Enumerable.Range(0, 18).Select(i => i * 0.1));
        var model = ConvModel().Model();
        model.Graph.Initializer[0] = tensor;
        var result = OnnxModel.Load(model.ToByteArray()).Run(Input(1, 2, 5, 5));
        Assert.Equal([1, 2, 3, 3], result["y"].ShapeArray());
    }

    private string WriteExternalModel(string location, long offset, long? length, int fileBytes = 72 + 16)
    {
        File.WriteAllBytes(Path.Combine(_folder, "weights.bin"), new byte[fileBytes]);
        var model = ConvModel().Model();
        var tensor = new TensorProto { Name = "W", DataType = (int)DataType.Float, DataLocation = TensorProto.Types.DataLocation.External };
        tensor.Dims.Add([2, 1, 3, 3]);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (length is { } l)
        {
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = l.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        model.Graph.Initializer[0] = tensor;
        var path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    [Fact]
    public void External_data_inside_the_folder_loads()
    {
        var path = WriteExternalModel("weights.bin", 16, 72);
        Assert.Equal([1, 2, 3, 3], OnnxModel.Load(path).Run(Input(1, 2, 5, 5))["y"].ShapeArray());
    }

    [Theory]
    [InlineData("/etc/passwd", "relative path")]
    [InlineData("../weights.bin", "relative path")]
    [InlineData("sub/../../weights.bin", "relative path")]
    public void External_data_outside_the_folder_is_refused(string location, string expected)
    {
        var exception = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(WriteExternalModel(location, 0, null)));
        Assert.Contains(expected, exception.Message);
    }

    [Fact]
    public void External_data_past_the_end_of_its_file_is_refused()
    {
        var exception = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(WriteExternalModel("weights.bin", 40, null)));
        Assert.Contains("past the end", exception.Message);
    }

    [Fact]
    public void External_data_length_disagreeing_with_dims_is_refused() =>
        Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(WriteExternalModel("weights.bin", 0, 1L << 40)));

    [Fact]
    public void External_data_from_memory_is_refused()
    {
        var path = WriteExternalModel("weights.bin", 0, null);
        var exception = Assert.Throws<OnnxFormatException>(() => OnnxModel.Load(File.ReadAllBytes(path)));
        Assert.Contains("loaded from memory", exception.Message);
    }

    [Fact]
    public void Stream_loading_works() => Assert.Single(OnnxModel.Load(new MemoryStream(ConvModel().Build())).Outputs);

    [Fact]
    public void Unsupported_operator_fails_at_load_with_op_node_and_opset()
    {
        var bytes = new ModelBuilder(13).Input("x", 2, 3).Node("Einsum", ["x"], ["y"]).Output("y").Build();
        var exception = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(bytes));
        Assert.Contains("Einsum 'einsum_0'", exception.Message);
        Assert.Contains("opset 13", exception.Message);
    }

    [Fact]
    public void Other_domains_are_refused()
    {
        var model = new ModelBuilder(13).Input("x", 2, 3).Node("Relu", ["x"], ["y"]).Output("y").Model();
        model.Graph.Node[0].Domain = "com.microsoft";
        var exception = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(model.ToByteArray()));
        Assert.Contains("com.microsoft", exception.Message);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(22)]
    public void Opsets_outside_9_to_21_are_refused(int opset)
    {
        var exception = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(new ModelBuilder(opset).Input("x", 2).Node("Relu", ["x"], ["y"]).Output("y").Build()));
        Assert.Contains($"opset {opset}", exception.Message);
    }

    [Fact]
    public void Dangling_node_input_is_refused()
    {
        var exception = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(new ModelBuilder().Input("x", 2).Node("Add", ["x", "nowhere"], ["y"]).Output("y").Build()));
        Assert.Contains("'nowhere'", exception.Message);
    }

    [Fact]
    public void Bad_attribute_fails_at_load()
    {
        var bytes = new ModelBuilder().Input("x", 1, 2, 5, 5).Initializer("W", new float[18], 2, 1, 3, 3)
            .Node("Conv", ["x", "W"], ["y"], Attr.Ints("strides", 0, 1)).Output("y").Build();
        var exception = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(bytes));
        Assert.Contains("Conv 'conv_0'", exception.Message);
    }

    [Fact]
    public void Unordered_nodes_are_sorted()
    {
        var model = new ModelBuilder().Input("x", 2, 3).Node("Relu", ["a"], ["y"]).Node("Neg", ["x"], ["a"]).Output("y").Model();
        var result = OnnxModel.Load(model.ToByteArray()).Run(new Dictionary<string, DwTensor> { ["x"] = new DwTensor([-1f, 2, -3, 4, -5, 6], [2, 3]) });
        Assert.Equal([1f, 0, 3, 0, 5, 0], result["y"].Span.ToArray());
    }

    [Fact]
    public void Cycles_are_refused()
    {
        var bytes = new ModelBuilder().Input("x", 2).Node("Add", ["x", "b"], ["a"]).Node("Relu", ["a"], ["b"]).Node("Relu", ["a"], ["y"]).Output("y").Build();
        Assert.Contains("cycle", Assert.Throws<OnnxModelException>(() => OnnxModel.Load(bytes)).Message);
    }

    [Fact]
    public void A_long_chain_in_reverse_order_loads_in_linear_time()
    {
        const int length = 20_000;
        var builder = new ModelBuilder().Input("x", 2);
        for (var i = length - 1; i >= 0; i--)
        {
            builder.Node("Neg", [i == 0 ? "x" : $"v{i - 1}"], [i == length - 1 ? "y" : $"v{i}"]);
        }

        var model = OnnxModel.Load(builder.Output("y").Build(), new OnnxModelOptions { Optimize = false });
        var result = model.Run(new Dictionary<string, DwTensor> { ["x"] = new DwTensor([1f, -2f], [2]) });
        Assert.Equal([1f, -2f], result["y"].Span.ToArray());
    }

    [Fact]
    public void Constant_value_ints_feed_a_reshape()
    {
        var bytes = new ModelBuilder(13).Input("x", 2, 3).Node("Constant", [], ["s"], Attr.Ints("value_ints", 3, 2)).Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
        Assert.Equal([3, 2], OnnxModel.Load(bytes).Run(new Dictionary<string, DwTensor> { ["x"] = new DwTensor([2, 3]) })["y"].ShapeArray());
        OrtOracle.AssertAgrees(bytes, new Dictionary<string, int[]> { ["x"] = [2, 3] });
    }

    [Fact]
    public void Missing_unknown_and_misshapen_inputs_are_model_errors()
    {
        var model = OnnxModel.Load(ConvModel().Build());
        Assert.Contains("missing", Assert.Throws<OnnxModelException>(() => model.Run(new Dictionary<string, DwTensor>())).Message);
        Assert.Contains("not an input", Assert.Throws<OnnxModelException>(() => model.Run(new Dictionary<string, DwTensor> { ["x"] = new DwTensor([1, 2, 5, 5]), ["z"] = new DwTensor([1]) })).Message);
        Assert.Contains("rank 4", Assert.Throws<OnnxModelException>(() => model.Run(Input(2, 5, 5))).Message);
        Assert.Contains("dimension 1 must be 2", Assert.Throws<OnnxModelException>(() => model.Run(Input(1, 3, 5, 5))).Message);
    }

    [Fact]
    public void Int64_inputs_cannot_be_fed_as_float_tensors()
    {
        var model = OnnxModel.Load(new ModelBuilder().Input("x", DataType.Int64, [2]).Node("Identity", ["x"], ["y"]).Output("y", DataType.Int64).Build());
        Assert.Contains("Int64", Assert.Throws<OnnxModelException>(() => model.Run(Input(2))).Message);
    }

    [Fact]
    public void Runtime_failures_name_the_node()
    {
        var model = OnnxModel.Load(new ModelBuilder().SymbolicInput("x", 2).Int64Initializer("s", [7, -1], 2).Node("Reshape", ["x", "s"], ["y"]).Output("y").Build());
        var exception = Assert.Throws<OnnxModelException>(() => model.Run(new Dictionary<string, DwTensor> { ["x"] = new DwTensor([2, 3]) }));
        Assert.Contains("Reshape 'reshape_0'", exception.Message);
    }

    [Fact]
    public void Symbolic_dims_are_reported()
    {
        var model = OnnxModel.Load(new ModelBuilder().SymbolicInput("x", 2).Node("Relu", ["x"], ["y"]).Output("y").Build());
        Assert.Equal("d0", model.Inputs[0].Shape![0].Symbol);
        Assert.Null(model.Inputs[0].Shape![0].Value);
    }

    [Fact]
    public void Concurrent_runs_give_identical_outputs()
    {
        var model = OnnxModel.Load(ConvModel().Build());
        var random = new Random(5);
        var inputs = Enumerable.Range(0, 8).Select(_ => new DwTensor([.. Enumerable.Range(0, 50).Select(_ => (float)random.NextDouble())], [1, 2, 5, 5])).ToArray();
        var expected = inputs.Select(i => model.Run(new Dictionary<string, DwTensor> { ["x"] = i })["y"].Span.ToArray()).ToArray();
        var actual = new float[inputs.Length * 8][];
        Parallel.For(0, actual.Length, k => actual[k] = model.Run(new Dictionary<string, DwTensor> { ["x"] = inputs[k % inputs.Length] })["y"].Span.ToArray());
        for (var k = 0; k < actual.Length; k++)
        {
            Assert.Equal(expected[k % inputs.Length], actual[k]);
        }
    }
}
