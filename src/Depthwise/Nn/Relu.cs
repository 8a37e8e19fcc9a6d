using Depthwise.Operators;

namespace Depthwise.Nn;

/// <summary>The ReLU activation, max(x, 0).</summary>
public sealed class Relu() : ActivationModule(Activation.Relu);
