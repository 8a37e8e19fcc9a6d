using Depthwise.Operators;

namespace Depthwise.Nn;

/// <summary>The hard swish activation, x · relu6(x + 3) / 6, MobileNetV3's cheap swish.</summary>
public sealed class HardSwish() : ActivationModule(Activation.HardSwish);
