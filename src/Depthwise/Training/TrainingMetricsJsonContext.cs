using System.Text.Json.Serialization;

namespace Depthwise.Training;

/// <summary>Compile-time JSON metadata for <see cref="TrainingMetrics"/>: the core library stays trimming- and AOT-safe.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(TrainingMetrics))]
internal sealed partial class TrainingMetricsJsonContext : JsonSerializerContext;
