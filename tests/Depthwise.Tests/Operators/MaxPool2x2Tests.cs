using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

/// <summary>
/// The vectorized 2×2 stride-2 max pooling (blocks of eight and four windows, the last block overlapping) against a
/// plain loop over windows, on widths that exercise every path, with many ties (the first maximum must win).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class MaxPool2x2Tests
{
    [Theory]
    [InlineData(6, 5)]
    [InlineData(14, 14)]
    [InlineData(15, 9)]
    [InlineData(28, 28)]
    [InlineData(37, 7)]
    [InlineData(56, 4)]
    public void MatchesAWindowLoopWithTiesAndOverwritesItsDestination(int width, int height)
    {
        var random = new Random(width * 100 + height);
        const int planes = 3;
        var input = new Tensor([1, planes, height, width]);
        foreach (ref var value in input.Span)
        {
            value = random.Next(4);
        }

        var (outputHeight, outputWidth) = (height / 2, width / 2);
        var gradOutput = new Tensor([1, planes, outputHeight, outputWidth]);
        foreach (ref var value in gradOutput.Span)
        {
            value = random.NextSingle() + 0.5f;
        }

        var expectedOutput = new float[planes * outputHeight * outputWidth];
        var expectedGradInput = new float[input.Length];
        for (var plane = 0; plane < planes; plane++)
        {
            for (var row = 0; row < outputHeight; row++)
            {
                for (var column = 0; column < outputWidth; column++)
                {
                    var best = -1;
                    foreach (var (dy, dx) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
                    {
                        var index = (((plane * height) + (2 * row) + dy) * width) + (2 * column) + dx;
                        if (best < 0 || input.Span[index] > input.Span[best])
                        {
                            best = index;
                        }
                    }

                    var output = (((plane * outputHeight) + row) * outputWidth) + column;
                    expectedOutput[output] = input.Span[best];
                    expectedGradInput[best] = gradOutput.Span[output];
                }
            }
        }

        Assert.Equal(expectedOutput, MaxPool2d.Forward(input, 2).Span.ToArray());
        Assert.Equal(expectedGradInput, MaxPool2d.Backward(input, gradOutput, 2).Span.ToArray());

        var dirty = new Tensor(input.Shape);
        dirty.Span.Fill(float.NaN);
        MaxPool2d.BackwardInto(input, gradOutput, dirty, 2);
        Assert.Equal(expectedGradInput, dirty.Span.ToArray());
    }
}
