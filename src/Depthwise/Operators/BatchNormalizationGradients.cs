using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>The gradients of a loss with respect to a training-mode batch normalization's input, scale γ and shift β.</summary>
/// <param name="GradInput">∂L/∂input, in the input's shape and layout.</param>
/// <param name="GradScale">∂L/∂γ (C): Σ ∂y · x̂.</param>
/// <param name="GradShift">∂L/∂β (C): Σ ∂y.</param>
public sealed record BatchNormalizationGradients(Tensor GradInput, Tensor GradScale, Tensor GradShift);
