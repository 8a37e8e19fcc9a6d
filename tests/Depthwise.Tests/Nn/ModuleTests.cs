using Depthwise.Nn;
using Depthwise.Tensors;

namespace Depthwise.Tests.Nn;

public sealed class ModuleTests
{
    [Fact]
    public void ParametersAndBuffersGetHierarchicalNamesInModuleOrder()
    {
        var model = new Sequential()
            .Append("features", new Sequential(new Conv2d(3, 4, 3, bias: false), new BatchNorm2d(4), new Relu()))
            .Append("classifier", new Sequential(new Dropout(0.2), new Linear(4, 2)));

        Assert.Equal(
            ["features.0.weight", "features.1.weight", "features.1.bias", "classifier.1.weight", "classifier.1.bias"],
            model.NamedParameters().Select(pair => pair.Name));
        Assert.Equal(["features.1.running_mean", "features.1.running_var"], model.NamedBuffers().Select(pair => pair.Name));
        Assert.Equal(
            ["", "features", "features.0", "features.1", "features.2", "classifier", "classifier.0", "classifier.1"],
            model.NamedModules().Select(pair => pair.Name));
        Assert.Equal((4 * 3 * 3 * 3) + 4 + 4 + (2 * 4) + 2, model.ParameterCount());
    }

    [Fact]
    public void TrainAndEvalReachEveryDescendant()
    {
        var inner = new BatchNorm2d(2);
        var model = new Sequential(new Sequential(new Sequential(inner)), new Dropout());
        Assert.True(inner.IsTraining);

        model.Eval();
        Assert.All(model.NamedModules(), pair => Assert.False(pair.Module.IsTraining));

        model.Train();
        Assert.All(model.NamedModules(), pair => Assert.True(pair.Module.IsTraining));
    }

    [Fact]
    public void ChildAddedToAnEvalModuleFollowsItsMode()
    {
        var model = new Sequential().Eval();
        var child = new Dropout();
        ((Sequential)model).Append(child);
        Assert.False(child.IsTraining);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    public void InvalidNamesAreRejected(string name)
    {
        var exception = Assert.Throws<ArgumentException>(() => new Sequential().Append(name, new Relu()));
        Assert.Contains("name", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedNamesAreRejected()
    {
        var model = new Sequential().Append("head", new Relu());
        var exception = Assert.Throws<ArgumentException>(() => model.Append("head", new Relu()));
        Assert.Contains("'head'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CyclesAreRejected()
    {
        var inner = new Sequential();
        var outer = new Sequential(inner);
        Assert.Throws<ArgumentException>(() => inner.Append(outer));
    }

    [Fact]
    public void ParameterValueKeepsItsShape()
    {
        var convolution = new Conv2d(2, 3, 3);
        var replacement = new Tensor([3, 2, 3, 3]);
        convolution.Weight.Value = replacement;
        Assert.Same(replacement, convolution.Weight.Value);

        var exception = Assert.Throws<ArgumentException>(() => convolution.Weight.Value = new Tensor([3, 2, 1, 1]));
        Assert.Equal("value", exception.ParamName);
        Assert.Null(convolution.Weight.Gradient);
    }

    [Fact]
    public void DescribeRejectsShapesThatDoNotFit()
    {
        var exception = Assert.Throws<ArgumentException>(() => new Conv2d(3, 8, 3).Describe([1, 4, 8, 8]));
        Assert.Contains("3 input channels", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Linear(10, 2).Describe([1, 3, 4, 4]));
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 8, 5).Describe([1, 3, 2, 2]));
    }
}
