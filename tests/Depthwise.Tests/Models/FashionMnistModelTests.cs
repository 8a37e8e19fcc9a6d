using Depthwise.Models;
using Depthwise.Nn;

namespace Depthwise.Tests.Models;

public sealed class FashionMnistModelTests
{
    [Theory]
    [InlineData(FashionMnistModels.StandardCnnName)]
    [InlineData(FashionMnistModels.SeparableCnnName)]
    [InlineData(FashionMnistModels.MobileNetV2SmallName)]
    public void Every_model_maps_28x28_images_to_ten_logits(string name)
    {
        var model = FashionMnistModels.Create(name);
        Assert.Equal([3, 10], CostTable.Build(model, [3, 1, 28, 28]).OutputShape);
    }

    [Fact]
    public void Separable_twin_has_the_same_topology_with_at_most_a_fifth_of_the_parameters()
    {
        var standard = SmallCnn.CreateStandard();
        var separable = SmallCnn.CreateSeparable();
        Assert.True(separable.ParameterCount() * 5 <= standard.ParameterCount(), $"{separable.ParameterCount()} vs {standard.ParameterCount()}");

        // Same feature-map shapes block by block: only how each 3×3 convolution is computed differs.
        var standardShapes = Blocks(standard);
        var separableShapes = Blocks(separable);
        Assert.Equal(standardShapes, separableShapes);
        var depthwise = separable.NamedModules().Count(m => m.Module is DepthwiseConv2d);
        Assert.Equal(standard.NamedModules().Count(m => m.Module is Conv2d) - 1, depthwise);
    }

    [Theory]
    [InlineData(FashionMnistModels.StandardCnnName)]
    [InlineData(FashionMnistModels.SeparableCnnName)]
    [InlineData(FashionMnistModels.MobileNetV2SmallName)]
    public void Every_model_has_a_valid_recipe(string name)
    {
        var recipe = FashionMnistModels.Recipe(name.ToUpperInvariant());
        Assert.True(recipe.Epochs >= 1 && recipe.BatchSize >= 2, $"{recipe}");
        Assert.InRange(recipe.LabelSmoothing, 0, 0.999);
        Assert.True(recipe.EffectiveLearningRate > 0 && recipe.EffectiveWeightDecay >= 0, $"{recipe}");
        Assert.Equal(0, recipe.LimitSteps);
    }

    [Fact]
    public void The_twins_share_one_recipe_so_compare_gives_both_the_same_budget()
    {
        Assert.Equal(FashionMnistModels.Recipe(FashionMnistModels.StandardCnnName), FashionMnistModels.Recipe(FashionMnistModels.SeparableCnnName));
    }

    [Fact]
    public void Unknown_names_are_rejected_with_the_list()
    {
        var exception = Assert.Throws<ArgumentException>(() => FashionMnistModels.Create("resnet"));
        Assert.Contains(FashionMnistModels.SeparableCnnName, exception.Message, StringComparison.Ordinal);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => FashionMnistModels.Recipe("resnet")).ParamName);
    }

    private static List<string> Blocks(Sequential model)
    {
        var features = (Sequential)model[0];
        var shape = new[] { 1, 1, 28, 28 };
        var shapes = new List<string>();
        for (var i = 0; i < features.Count; i++)
        {
            shape = [.. features[i].Describe(shape).OutputShape];
            shapes.Add(string.Join("x", shape));
        }

        return shapes;
    }
}
