using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>The gradients of a loss with respect to a convolution's (or a fully connected layer's) input, weights and bias.</summary>
/// <param name="GradInput">∂L/∂input, in the input's shape and layout.</param>
/// <param name="GradWeights">∂L/∂weights, in the weights' shape.</param>
/// <param name="GradBias">∂L/∂bias (one value per output channel or feature), or null when it was not requested.</param>
public sealed record Conv2dGradients(Tensor GradInput, Tensor GradWeights, Tensor? GradBias);
