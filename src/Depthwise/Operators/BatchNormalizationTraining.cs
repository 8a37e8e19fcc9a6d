using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>What a training-mode batch normalization produces: the output and the batch statistics its backward needs.</summary>
/// <param name="Output">The normalized tensor, in the input's shape and layout.</param>
/// <param name="Mean">The batch mean per channel (C).</param>
/// <param name="InverseStandardDeviation">1 / √(biased batch variance + ε) per channel (C).</param>
public sealed record BatchNormalizationTraining(Tensor Output, Tensor Mean, Tensor InverseStandardDeviation);
