using System.Text.Json;
using System.Text.Json.Serialization;

namespace Depthwise.Training;

/// <summary>
/// The metrics file a training run writes and the plots read:
/// <c>{"model": str, "epochs": [{"epoch": int, "train_loss": float, "train_accuracy": float, "test_loss": float,
/// "test_accuracy": float, "seconds": float}]}</c>, accuracies from 0 to 1, epochs in order.
/// </summary>
/// <param name="Model">The model's name, e.g. <c>standard</c> or <c>separable</c>; plots use it as the series label.</param>
/// <param name="Epochs">One entry per epoch, in order.</param>
public sealed record TrainingMetrics(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("epochs")] IReadOnlyList<EpochMetrics> Epochs)
{
    /// <summary>Reads and checks a metrics file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="InvalidDataException">The file is not valid JSON of this shape, has no epochs, or has an accuracy outside 0–1 or a non-finite number.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TrainingMetrics Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TrainingMetrics? metrics;
        try
        {
            metrics = JsonSerializer.Deserialize(File.ReadAllText(path), TrainingMetricsJsonContext.Default.TrainingMetrics);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a training metrics file: {exception.Message}", exception);
        }

        if (metrics is null || string.IsNullOrWhiteSpace(metrics.Model) || metrics.Epochs is null || metrics.Epochs.Count == 0)
        {
            throw new InvalidDataException($"{path} is not a training metrics file: expected {{\"model\": name, \"epochs\": [...]}} with at least one epoch.");
        }

        foreach (var epoch in metrics.Epochs)
        {
            if (epoch is null
                || !double.IsFinite(epoch.TrainLoss) || !double.IsFinite(epoch.TestLoss) || !double.IsFinite(epoch.Seconds)
                || epoch.TrainAccuracy is < 0 or > 1 || epoch.TestAccuracy is < 0 or > 1 || double.IsNaN(epoch.TrainAccuracy) || double.IsNaN(epoch.TestAccuracy))
            {
                throw new InvalidDataException($"{path}: epoch {epoch?.Epoch} has a non-finite loss or time, or an accuracy outside 0 to 1.");
            }
        }

        return metrics;
    }

    /// <summary>Writes the metrics as indented JSON (created or overwritten).</summary>
    /// <param name="path">The file.</param>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, JsonSerializer.Serialize(this, TrainingMetricsJsonContext.Default.TrainingMetrics));
    }
}
