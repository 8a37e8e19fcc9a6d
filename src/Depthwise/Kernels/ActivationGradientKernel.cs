using System.Numerics;
using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// Derivatives of the activations, multiplied into a gradient: ∂L/∂x = ∂L/∂y · f′(x). Vectorized with
/// <see cref="Vector{T}"/> and a scalar tail; at the kinks the slope is PyTorch's (0 at ReLU's 0, 0 at Clip's bounds,
/// HardSwish x/3 + 1/2 on [−3, 3]).
/// </summary>
internal static class ActivationGradientKernel
{
    // input x (L), gradOutput (L) → gradInput (L) = gradOutput · f′(x)
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, Activation activation)
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                gradOutput.CopyTo(gradInput);
                return;
            case ActivationKind.Relu:
                Pass(input, gradOutput, gradInput, 0f, float.PositiveInfinity);
                return;
            case ActivationKind.HardSwish:
                HardSwish(input, gradOutput, gradInput);
                return;
            default:
                Pass(input, gradOutput, gradInput, activation.Min, activation.Max);
                return;
        }
    }

    // input x (L), gradOutput (L) → gradInput (L) = gradOutput / 6 where −3 < x < 3, else 0 (hard sigmoid x/6 + 1/2 clipped to [0, 1])
    public static void HardSigmoid(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var low = new Vector<float>(-3f);
            var high = new Vector<float>(3f);
            var slope = new Vector<float>(Activation.OneSixth);
            for (; i <= input.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(input[i..]);
                var inside = Vector.BitwiseAnd(Vector.GreaterThan(x, low), Vector.LessThan(x, high));
                Vector.ConditionalSelect(inside, new Vector<float>(gradOutput[i..]) * slope, Vector<float>.Zero).CopyTo(gradInput[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            gradInput[i] = input[i] > -3f && input[i] < 3f ? gradOutput[i] * Activation.OneSixth : 0f;
        }
    }

    // output y = sigmoid(x) (L), gradOutput (L) → gradInput (L) = gradOutput · y · (1 − y)
    public static void Sigmoid(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= output.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var y = new Vector<float>(output[i..]);
                (new Vector<float>(gradOutput[i..]) * y * (Vector<float>.One - y)).CopyTo(gradInput[i..]);
            }
        }

        for (; i < output.Length; i++)
        {
            gradInput[i] = gradOutput[i] * output[i] * (1f - output[i]);
        }
    }

    // Slope 1 strictly inside (min, max), 0 outside: ReLU, ReLU6, Clip.
    private static void Pass(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, float min, float max)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var low = new Vector<float>(min);
            var high = new Vector<float>(max);
            for (; i <= input.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(input[i..]);
                var inside = Vector.BitwiseAnd(Vector.GreaterThan(x, low), Vector.LessThan(x, high));
                Vector.ConditionalSelect(inside, new Vector<float>(gradOutput[i..]), Vector<float>.Zero).CopyTo(gradInput[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            gradInput[i] = input[i] > min && input[i] < max ? gradOutput[i] : 0f;
        }
    }

    // x · relu6(x + 3) / 6: slope 0 below −3, x/3 + 1/2 on [−3, 3], 1 above 3.
    private static void HardSwish(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var low = new Vector<float>(-3f);
            var high = new Vector<float>(3f);
            var third = new Vector<float>(1f / 3f);
            var half = new Vector<float>(0.5f);
            for (; i <= input.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(input[i..]);
                var gradient = new Vector<float>(gradOutput[i..]);
                var middle = gradient * ((x * third) + half);
                var slope = Vector.ConditionalSelect(Vector.GreaterThan(x, high), gradient, middle);
                Vector.ConditionalSelect(Vector.LessThan(x, low), Vector<float>.Zero, slope).CopyTo(gradInput[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            var x = input[i];
            gradInput[i] = x < -3f ? 0f : x > 3f ? gradOutput[i] : gradOutput[i] * ((x * (1f / 3f)) + 0.5f);
        }
    }
}
