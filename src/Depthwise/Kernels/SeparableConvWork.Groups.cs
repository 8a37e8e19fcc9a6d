using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>The first phase of the channel split (<see cref="SeparableConvJob.SplitsChannels"/>): one channel group of one image.</summary>
internal readonly unsafe partial struct SeparableConvWork<TSimd, TVector, TTaps, TActivation>
{
    /// <summary>
    /// Channel group <paramref name="group"/> of image <paramref name="image"/>: the expansion of the group's channels
    /// over every input pixel into this thread's scratch, then the group's depthwise blocks over every output row into
    /// the image's part of <paramref name="middle"/>, the buffer all groups share.
    /// </summary>
    public void Group(int image, int group, float* middle)
    {
        // input (N, Cin, H, W) or (N, H, W, Cin) → expanded (H·W, the group's channels) → middle (Ho·Wo, C) or (C, Ho·Wo), the group's channels
        var job = _job;
        var lanes = TSimd.Count;
        var firstChannel = group * job.GroupChannels;
        var channels = Math.Min(job.GroupChannels, job.Dimensions.Channels - firstChannel);
        var pixelStride = (channels + lanes - 1) / lanes * lanes;
        var expanded = SeparableScratch.Expanded(job.ExpandedLength);
        ExpandGroup(image, firstChannel, channels, pixelStride, expanded);
        var firstBlock = firstChannel / lanes;
        Band(
            image, 0, job.Dimensions.Geometry.OutputHeight, middle + (image * job.MiddleLength), expanded - firstChannel, pixelStride, firstBlock, firstBlock + (pixelStride / lanes));
    }

    // Expanded channels [firstChannel, firstChannel + channels) of every pixel of one image, into `expanded` with pixels
    // `pixelStride` apart: one single-threaded GEMM as in Expand, on the group's panels of the packed Wᵀ.
    private void ExpandGroup(int image, int firstChannel, int channels, int pixelStride, float* expanded)
    {
        // input pixels (H·W, Cin), Wᵀ columns [firstChannel, firstChannel + channels) → expanded (H·W, pixelStride)
        var job = _job;
        var geometry = job.Dimensions.Geometry;
        var inputChannels = job.Expansion.InputChannels;
        var imagePixels = (nint)geometry.InputHeight * geometry.InputWidth;
        var nchw = job.InputLayout == TensorLayout.Nchw;
        var bias = job.Expansion.Bias;

        // Packed panel p starts at p·PanelColumns·Cin, so a group of whole panels starts at firstChannel·Cin.
        var operands = new GemmOperands(
            (int)imagePixels, channels, inputChannels, job.Input + ((nint)image * inputChannels * imagePixels), nchw ? 1 : inputChannels, nchw ? imagePixels : 1,
            job.Expansion.Weights + ((nint)firstChannel * inputChannels), 0, rightPacked: true,
            expanded, pixelStride, outputTransposed: false, bias is null ? null : bias + firstChannel, bias is null ? GemmBias.None : GemmBias.PerColumn);
        GemmKernel.Run(operands, job.Expansion.Activation, threads: 1);

        // Lanes of the last channel block past C: zeros, so that the depthwise stage computes nothing from stale scratch.
        if (channels != pixelStride)
        {
            for (nint pixel = 0; pixel < imagePixels; pixel++)
            {
                new Span<float>(expanded + (pixel * pixelStride) + channels, pixelStride - channels).Clear();
            }
        }
    }
}
