using System.Text.Json.Serialization;

namespace Depthwise.Training;

/// <summary>What one training epoch measured, as stored in a <see cref="TrainingMetrics"/> file.</summary>
/// <param name="Epoch">Epoch number (1 for the first).</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy, 0 to 1.</param>
/// <param name="TestLoss">Mean loss on the test set after the epoch.</param>
/// <param name="TestAccuracy">Test accuracy, 0 to 1.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took.</param>
public sealed record EpochMetrics(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("train_accuracy")] double TrainAccuracy,
    [property: JsonPropertyName("test_loss")] double TestLoss,
    [property: JsonPropertyName("test_accuracy")] double TestAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds);
