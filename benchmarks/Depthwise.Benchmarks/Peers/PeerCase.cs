using Depthwise.Geometry;

namespace Depthwise.Benchmarks.Peers;

/// <summary>One convolution timed against the peer: a depthwise layer (groups = C) or a pointwise 1×1 layer.</summary>
internal sealed record PeerCase(string Name, string Op, int Batch, int Channels, int OutChannels, int Height, int Width, int Kernel, int Stride, int Multiplier)
{
    public bool IsDepthwise => Op == "depthwise";

    /// <summary>The geometry both engines run: ONNX-style SAME_UPPER pads made explicit, so both see identical pads.</summary>
    public ConvGeometry Geometry => ConvGeometry.Create(Height, Width, Kernel, Stride, 1, Padding.SameUpper);

    public int[] WeightShape => IsDepthwise ? [Channels * Multiplier, 1, Kernel, Kernel] : [OutChannels, Channels, 1, 1];

    public int Groups => IsDepthwise ? Channels : 1;

    /// <summary>MobileNetV2's depthwise layers, a 5×5, batch 8, and MobileNetV2's pointwise layers (issue "Speed").</summary>
    public static IReadOnlyList<PeerCase> Default { get; } =
    [
        Depthwise("dw 32 112² s1", 1, 32, 112, 3, 1),
        Depthwise("dw 96 112² s2", 1, 96, 112, 3, 2),
        Depthwise("dw 144 56² s1", 1, 144, 56, 3, 1),
        Depthwise("dw 144 56² s2", 1, 144, 56, 3, 2),
        Depthwise("dw 192 28² s1", 1, 192, 28, 3, 1),
        Depthwise("dw 192 28² s2", 1, 192, 28, 3, 2),
        Depthwise("dw 384 14² s1", 1, 384, 14, 3, 1),
        Depthwise("dw 576 14² s1", 1, 576, 14, 3, 1),
        Depthwise("dw 576 14² s2", 1, 576, 14, 3, 2),
        Depthwise("dw 960 7² s1", 1, 960, 7, 3, 1),
        Depthwise("dw5x5 240 14² s1", 1, 240, 14, 5, 1),
        Depthwise("dw 144 56² s1 batch 8", 8, 144, 56, 3, 1),
        Pointwise("pw 24→144 56²", 24, 144, 56),
        Pointwise("pw 144→24 56²", 144, 24, 56),
        Pointwise("pw 96→576 14²", 96, 576, 14),
        Pointwise("pw 576→160 7²", 576, 160, 7),
        Pointwise("pw 320→1280 7²", 320, 1280, 7),
    ];

    private static PeerCase Depthwise(string name, int batch, int channels, int size, int kernel, int stride) =>
        new(name, "depthwise", batch, channels, channels, size, size, kernel, stride, 1);

    private static PeerCase Pointwise(string name, int inputChannels, int outputChannels, int size) =>
        new(name, "pointwise", 1, inputChannels, outputChannels, size, size, 1, 1, 1);
}
