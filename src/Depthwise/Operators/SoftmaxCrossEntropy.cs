using Depthwise.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

/// <summary>
/// Softmax cross-entropy of logits against class labels, averaged over the batch (PyTorch's <c>CrossEntropyLoss</c>
/// with <c>reduction='mean'</c>), and its gradient with respect to the logits.
/// </summary>
/// <remarks>
/// Numerically stable: each row is shifted by its maximum before exponentiating (log-sum-exp), so logits of any
/// magnitude give finite results. With label smoothing ε the target is (1 − ε) on the label plus ε / K on every class.
/// </remarks>
public static class SoftmaxCrossEntropy
{
    /// <summary>Computes the mean loss and ∂loss/∂logits.</summary>
    /// <param name="logits">(N, K) unnormalized class scores.</param>
    /// <param name="labels">N class indices, each in [0, K).</param>
    /// <param name="labelSmoothing">ε in [0, 1]; 0 for plain cross-entropy.</param>
    /// <returns>The loss (mean over the batch) and the gradient (N, K) = (softmax − target) / N.</returns>
    /// <exception cref="ArgumentException">The logits are not (N, K), the label count is not N, a label is out of range, or ε is outside [0, 1].</exception>
    public static (float Loss, Tensor GradLogits) Compute(Tensor logits, ReadOnlySpan<int> labels, float labelSmoothing = 0f)
    {
        // logits (N, K), labels (N) → loss (scalar), gradLogits (N, K)
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"logits has shape {Tensor.FormatShape(logits.Shape)}; expected (N, classes).", nameof(logits));
        }

        var batch = logits.Shape[0];
        var classes = logits.Shape[1];
        if (labels.Length != batch)
        {
            throw new ArgumentException($"labels has {labels.Length} entries; expected one per row of logits, {batch}.", nameof(labels));
        }

        for (var n = 0; n < batch; n++)
        {
            if ((uint)labels[n] >= (uint)classes)
            {
                throw new ArgumentException($"labels[{n}] is {labels[n]}; expected a class index in [0, {classes}).", nameof(labels));
            }
        }

        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"labelSmoothing is {labelSmoothing}; expected a value in [0, 1].");
        }

        var gradient = new Tensor([batch, classes]);
        var spread = labelSmoothing / classes;
        var inverseBatch = 1f / batch;
        var total = 0.0;
        for (var n = 0; n < batch; n++)
        {
            var row = logits.Span.Slice(n * classes, classes);
            var destination = gradient.Span.Slice(n * classes, classes);
            var max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, destination);
            TensorPrimitives.Exp(destination, destination);
            var sum = (double)TensorPrimitives.Sum(destination);
            var logSumExp = max + Math.Log(sum);

            // −Σ target · log p = logSumExp − Σ target · logit, target = (1 − ε)·onehot + ε/K.
            var targetDot = ((1 - labelSmoothing) * (double)row[labels[n]]) + (spread * (double)TensorPrimitives.Sum(row));
            total += logSumExp - targetDot;
            TensorPrimitives.Multiply(destination, (float)(inverseBatch / sum), destination);
            if (spread != 0)
            {
                TensorPrimitives.Subtract(destination, spread * inverseBatch, destination);
            }

            destination[labels[n]] -= (1 - labelSmoothing) * inverseBatch;
        }

        return ((float)(total / batch), gradient);
    }
}
