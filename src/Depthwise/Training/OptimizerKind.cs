namespace Depthwise.Training;

/// <summary>Which optimizer a <see cref="Trainer"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with Nesterov momentum 0.9 and weight decay (<see cref="Optim.Sgd"/>).</summary>
    Sgd,

    /// <summary>AdamW (<see cref="Optim.AdamW"/>).</summary>
    AdamW,
}
