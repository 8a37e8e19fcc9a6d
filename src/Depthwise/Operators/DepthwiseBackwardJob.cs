using Depthwise.Geometry;
using Depthwise.Kernels;

namespace Depthwise.Operators;

/// <summary>
/// One channel-blocked backward call, ready for its work items: pinned pointers, layout, sizes and the scratch planes.
/// An item is one image of one block of input channels (with their M output channels each); it writes its own
/// input-gradient pixels and its own slot of weight and bias partial sums, which the operator then adds up image by
/// image, so any number of threads gives the same bits.
/// </summary>
internal readonly unsafe struct DepthwiseBackwardJob
{
    public DepthwiseBackwardJob(
        float* input,
        float* gradOutput,
        float* gradInput,
        float* weights,
        float* partials,
        bool planar,
        int batch,
        in ConvGeometry geometry,
        int channels,
        int depthMultiplier,
        int lanes,
        DepthwiseBackwardBody body)
    {
        Input = input;
        GradOutput = gradOutput;
        GradInput = gradInput;
        Weights = weights;
        Partials = partials;
        Planar = planar;
        Batch = batch;
        Geometry = geometry;
        Channels = channels;
        DepthMultiplier = depthMultiplier;
        Lanes = lanes;
        Blocks = DepthwiseConvKernel.Blocks(channels, lanes);
        Body = body;
        Planes = new DepthwiseBackwardPlanes(geometry, lanes, depthMultiplier, ChannelsLastRowFloats(geometry, planar, channels));
        Bands = IsPlanar(body) ? 1 : Planes.Bands;
    }

    public float* Input { get; }

    public float* GradOutput { get; }

    public float* GradInput { get; }

    /// <summary>Packed weights, (packed blocks, M, kH·kW, lanes) as <see cref="DepthwiseBackwardBlockedKernel.PackWeights"/> lays them out.</summary>
    public float* Weights { get; }

    /// <summary>Per item: (M, kH·kW, lanes) weight-gradient sums of this image and block, then (M, lanes) bias sums.</summary>
    public float* Partials { get; }

    /// <summary>NCHW data (otherwise NHWC).</summary>
    public bool Planar { get; }

    public int Batch { get; }

    public ConvGeometry Geometry { get; }

    /// <summary>Input channels C.</summary>
    public int Channels { get; }

    public int DepthMultiplier { get; }

    /// <summary>Input channels per block (1 for the planar bodies).</summary>
    public int Lanes { get; }

    /// <summary>Input-channel blocks, ⌈C / lanes⌉.</summary>
    public int Blocks { get; }

    public DepthwiseBackwardBody Body { get; }

    public DepthwiseBackwardPlanes Planes { get; }

    /// <summary>Bands of rows per image and block (the planar body takes whole planes).</summary>
    public int Bands { get; }

    /// <summary>(image, band, block), blocks fastest: consecutive items share an image band.</summary>
    public int Items => Batch * Bands * Blocks;

    /// <summary>Floats of partial sums one item writes.</summary>
    public int PartialLength => DepthMultiplier * (Geometry.Taps + 1) * Lanes;

    /// <summary>W·C for NHWC data, whose rows hold every channel; 0 for NCHW.</summary>
    public static long ChannelsLastRowFloats(in ConvGeometry geometry, bool planar, int channels) => planar ? 0 : (long)geometry.InputWidth * channels;

    /// <summary>
    /// NCHW 3×3 at stride 1 or 2 without dilation and multiplier 1 on rows of at least two widest registers runs on the
    /// planes themselves (narrower rows waste much of a masked last register: at 28 columns both stride-1 bodies measured
    /// the same); other 3×3 stride-1 problems take the written-out blocked body, everything else the tap loop.
    /// </summary>
    public static DepthwiseBackwardBody BodyFor(in ConvGeometry geometry, bool planar, int depthMultiplier)
    {
        if (geometry.Kernel != new Size2D(3, 3) || geometry.Dilation != new Size2D(1, 1))
        {
            return DepthwiseBackwardBody.GatherGeneric;
        }

        var onPlanes = planar && depthMultiplier == 1 && geometry.InputWidth >= 2 * SimdWidth.Widest;
        return geometry.Stride == new Size2D(1, 1) ? (onPlanes ? DepthwiseBackwardBody.Planar3x3 : DepthwiseBackwardBody.Gather3x3)
            : geometry.Stride == new Size2D(2, 2) && onPlanes ? DepthwiseBackwardBody.PlanarStride2
            : DepthwiseBackwardBody.GatherGeneric;
    }

    /// <summary>Whether the body works on (image, channel) planes rather than channel blocks.</summary>
    public static bool IsPlanar(DepthwiseBackwardBody body) => body is DepthwiseBackwardBody.Planar3x3 or DepthwiseBackwardBody.PlanarStride2;
}
