namespace Depthwise.Training;

/// <summary>How a model does on a labelled set.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Fraction classified correctly, 0 to 1.</param>
/// <param name="Confusion">Counts [true class, predicted class].</param>
public sealed record Evaluation(double Loss, double Accuracy, int[,] Confusion);
