using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// The classification loss: softmax cross-entropy of logits against labels, averaged over the batch, as PyTorch's
/// <c>nn.CrossEntropyLoss</c> (optionally with label smoothing). <see cref="Compute"/> returns the loss and the
/// gradient to feed into the network's <see cref="Module.Backward(Tensor)"/>.
/// </summary>
/// <example>
/// <code>
/// var logits = model.Forward(images);
/// var (loss, gradLogits) = criterion.Compute(logits, labels);
/// model.ZeroGrad();
/// model.Backward(gradLogits);
/// </code>
/// </example>
public sealed class CrossEntropyLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="labelSmoothing">ε in [0, 1): the target puts 1 − ε on the label and ε / K on every class; 0 for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">ε is outside [0, 1).</exception>
    public CrossEntropyLoss(float labelSmoothing = 0f)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"labelSmoothing is {labelSmoothing}; expected a value in [0, 1).");
        }

        LabelSmoothing = labelSmoothing;
    }

    /// <summary>Label smoothing ε.</summary>
    public float LabelSmoothing { get; }

    /// <summary>The mean loss over the batch and its gradient with respect to the logits.</summary>
    /// <param name="logits">(N, K) class scores.</param>
    /// <param name="labels">N class indices in [0, K).</param>
    /// <returns>The loss and ∂loss/∂logits (N, K).</returns>
    /// <exception cref="ArgumentException">The logits are not (N, K), the label count is not N, or a label is out of range.</exception>
    public (float Loss, Tensor GradLogits) Compute(Tensor logits, ReadOnlySpan<int> labels)
    {
        // logits (N, K), labels (N) → loss (scalar), gradLogits (N, K)
        return SoftmaxCrossEntropy.Compute(logits, labels, LabelSmoothing);
    }
}
