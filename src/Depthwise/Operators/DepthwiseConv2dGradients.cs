using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>The gradients of a loss with respect to a depthwise convolution's input, weights and bias.</summary>
/// <param name="GradInput">(N, C, H, W) or (N, H, W, C), in the input's layout.</param>
/// <param name="GradWeights">(C·M, 1, kH, kW).</param>
/// <param name="GradBias">(C·M), or null when it was not requested.</param>
public sealed record DepthwiseConv2dGradients(Tensor GradInput, Tensor GradWeights, Tensor? GradBias);
