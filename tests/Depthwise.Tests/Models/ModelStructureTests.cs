using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Models;

public sealed class ModelStructureTests
{
    // Names, shapes and costs do not depend on the weights; skipping the initialization keeps these tests quick.
    private static readonly MobileNetOptions Uninitialized = new() { InitializeWeights = false };

    [Theory]
    [InlineData(11.2, 16)] // 32 × 0.35: rounds to 8, which loses more than 10%, so one step up
    [InlineData(20.0, 24)] // halves round up
    [InlineData(17.0, 16)]
    [InlineData(19.9, 24)] // 16 would lose more than 10% of 19.9
    [InlineData(448.0, 448)]
    [InlineData(1792.0, 1792)] // 1280 × 1.4
    [InlineData(3.0, 8)] // never below the divisor
    public void MakeDivisibleRoundsLikeTheReference(double value, int expected) => Assert.Equal(expected, ChannelRounding.MakeDivisible(value));

    [Fact]
    public void MobileNetV2HasTorchvisionsNamesAndShapes()
    {
        var shapes = MobileNetV2.Create(Uninitialized).NamedParameters().ToDictionary(pair => pair.Name, pair => pair.Parameter.Value.ShapeArray());

        Assert.Equal([32, 3, 3, 3], shapes["features.0.0.weight"]);
        Assert.Equal([32, 1, 3, 3], shapes["features.1.conv.0.0.weight"]);
        Assert.Equal([16, 32, 1, 1], shapes["features.1.conv.1.weight"]);
        Assert.Equal([16], shapes["features.1.conv.2.weight"]);
        Assert.Equal([96, 16, 1, 1], shapes["features.2.conv.0.0.weight"]);
        Assert.Equal([96, 1, 3, 3], shapes["features.2.conv.1.0.weight"]);
        Assert.Equal([320, 960, 1, 1], shapes["features.17.conv.2.weight"]);
        Assert.Equal([1280, 320, 1, 1], shapes["features.18.0.weight"]);
        Assert.Equal([1000, 1280], shapes["classifier.1.weight"]);
        Assert.Equal(52, shapes.Count(pair => pair.Key.EndsWith(".weight", StringComparison.Ordinal) && pair.Value.Length == 4));
    }

    [Fact]
    public void MobileNetV2HasTenShortcuts()
    {
        var blocks = MobileNetV2.Create(Uninitialized).NamedModules().Select(pair => pair.Module).OfType<InvertedResidual>().ToList();
        Assert.Equal(17, blocks.Count);
        Assert.Equal(10, blocks.Count(block => block.UseResidual));
    }

    [Fact]
    public void MobileNetV3HasTorchvisionsNamesAndShapes()
    {
        var large = MobileNetV3.CreateLarge(Uninitialized).NamedParameters().ToDictionary(pair => pair.Name, pair => pair.Parameter.Value.ShapeArray());
        Assert.Equal([16, 3, 3, 3], large["features.0.0.weight"]);
        Assert.Equal([72, 1, 5, 5], large["features.4.block.1.0.weight"]);
        Assert.Equal([24, 72, 1, 1], large["features.4.block.2.fc1.weight"]);
        Assert.Equal([72, 24, 1, 1], large["features.4.block.2.fc2.weight"]);
        Assert.Equal([960, 160, 1, 1], large["features.16.0.weight"]);
        Assert.Equal([1280, 960], large["classifier.0.weight"]);
        Assert.Equal([1000, 1280], large["classifier.3.weight"]);

        var small = MobileNetV3.CreateSmall(Uninitialized).NamedParameters().ToDictionary(pair => pair.Name, pair => pair.Parameter.Value.ShapeArray());
        Assert.Equal([8, 16, 1, 1], small["features.1.block.1.fc1.weight"]);
        Assert.Equal([576, 96, 1, 1], small["features.12.0.weight"]);
        Assert.Equal([1024, 576], small["classifier.0.weight"]);
    }

    [Fact]
    public void MobileNetV1FollowsTable1()
    {
        var layers = CostTable.Build(MobileNetV1.Create(Uninitialized), [1, 3, 224, 224]).Layers
            .Where(layer => layer.Cost.Macs > 0).Select(layer => (layer.Type, layer.OutputShape[1], layer.OutputShape.Count == 4 ? layer.OutputShape[2] : 1)).ToList();

        Assert.Equal(28, layers.Count);
        Assert.Equal((nameof(Conv2d), 32, 112), layers[0]);
        Assert.Equal((nameof(DepthwiseConv2d), 32, 112), layers[1]);
        Assert.Equal((nameof(PointwiseConv2d), 64, 112), layers[2]);
        Assert.Equal((nameof(DepthwiseConv2d), 64, 56), layers[3]);
        Assert.Equal((nameof(DepthwiseConv2d), 1024, 7), layers[25]);
        Assert.Equal((nameof(PointwiseConv2d), 1024, 7), layers[26]);
        Assert.Equal((nameof(Linear), 1000, 1), layers[27]);
    }

    [Fact]
    public void TheStandardTwinReplacesEachSeparableLayerWithOneConvolution()
    {
        var separable = CostTable.Build(MobileNetV1.Create(Uninitialized), [1, 3, 224, 224]).Layers.Where(layer => layer.Type == nameof(PointwiseConv2d)).ToList();
        var standard = CostTable.Build(MobileNetV1.CreateStandardConvolution(Uninitialized), [1, 3, 224, 224]).Layers.Where(layer => layer.Type == nameof(Conv2d)).ToList();

        Assert.Equal(13, separable.Count);
        Assert.Equal(14, standard.Count);
        Assert.Equal(separable.Select(layer => layer.OutputShape), standard.Skip(1).Select(layer => layer.OutputShape));
        Assert.All(standard, layer => Assert.StartsWith("3×3/", layer.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ModelCatalog.MobileNetV1Name, 0.25)]
    [InlineData(ModelCatalog.MobileNetV1StandardName, 0.25)]
    [InlineData(ModelCatalog.MobileNetV2Name, 0.35)]
    [InlineData(ModelCatalog.MobileNetV3LargeName, 0.5)]
    [InlineData(ModelCatalog.MobileNetV3SmallName, 0.75)]
    public void DescriptionsAgreeWithWhatForwardProduces(string name, double width)
    {
        var model = ModelCatalog.Create(name, new MobileNetOptions { Width = width, Classes = 10 }).Eval();
        var input = ConvTestData.Image(new Random(1), 2, 3, 64, 64, TensorLayout.Nchw);

        var output = model.Forward(input);
        var table = CostTable.Build(model, input.Shape);

        Assert.Equal([2, 10], output.ShapeArray());
        Assert.Equal(output.ShapeArray(), table.OutputShape);
        // Counted from the tensors themselves, not from the descriptions.
        Assert.Equal(model.ParameterCount(), table.Total.Parameters);
        var batchNormValues = model.NamedParameters().Where(pair => pair.Name.EndsWith(".weight", StringComparison.Ordinal) || pair.Name.EndsWith(".bias", StringComparison.Ordinal))
            .Where(pair => model.NamedModules().Any(module => module.Module is BatchNorm2d normalization && (ReferenceEquals(normalization.Weight, pair.Parameter) || ReferenceEquals(normalization.Bias, pair.Parameter))))
            .Sum(pair => (long)pair.Parameter.Length);
        Assert.Equal(batchNormValues, table.BatchNormParameters);
        Assert.Equal(table.Total.Macs, table.Rows.Sum(row => row.Cost.Macs));
        Assert.Equal(table.Total.Parameters, table.Rows.Sum(row => row.Cost.Parameters));
    }

    [Fact]
    public void UnknownModelsAndBadOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ModelCatalog.Create("resnet-50"));
        Assert.Throws<ArgumentOutOfRangeException>(() => MobileNetV2.Create(new MobileNetOptions { Width = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MobileNetV2.Create(new MobileNetOptions { Classes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MobileNetV3.CreateSmall(new MobileNetOptions { Dropout = 1 }));
    }
}
