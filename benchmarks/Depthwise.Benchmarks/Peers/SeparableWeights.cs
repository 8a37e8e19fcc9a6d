namespace Depthwise.Benchmarks.Peers;

/// <summary>The constant weights of one separable block, as flat arrays both engines are built from.</summary>
/// <param name="Depthwise">(C, 1, 3, 3).</param>
/// <param name="DepthwiseBias">(C).</param>
/// <param name="Pointwise">(Cout, C, 1, 1).</param>
/// <param name="PointwiseBias">(Cout).</param>
internal sealed record SeparableWeights(float[] Depthwise, float[] DepthwiseBias, float[] Pointwise, float[] PointwiseBias);
