using Depthwise.Operators;

namespace Depthwise.Nn;

/// <summary>The ReLU6 activation, min(max(x, 0), 6), the activation of MobileNet V1/V2 (ONNX Clip(0, 6)).</summary>
public sealed class Relu6() : ActivationModule(Activation.Relu6);
