namespace Depthwise.Training;

/// <summary>Where a <see cref="Trainer"/> run is, reported after every step.</summary>
/// <param name="Epoch">Epoch, from 1.</param>
/// <param name="Step">Step within the epoch, from 1.</param>
/// <param name="StepsInEpoch">Steps this epoch will take.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="Accuracy">Training accuracy of the epoch so far, 0 to 1.</param>
/// <param name="ImagesPerSecond">Training throughput of the epoch so far.</param>
public sealed record TrainingProgress(int Epoch, int Step, int StepsInEpoch, double Loss, double Accuracy, double ImagesPerSecond);
