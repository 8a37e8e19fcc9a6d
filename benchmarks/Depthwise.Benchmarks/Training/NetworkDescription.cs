using System.Globalization;
using Depthwise.Geometry;
using Depthwise.Nn;
using Depthwise.Operators;

namespace Depthwise.Benchmarks.Training;

/// <summary>
/// Writes a Depthwise network as the one-line description the TorchSharp peer's NetworkBuilder reads, so that the peer
/// builds the same layers with torch.nn modules: <c>conv IN OUT K STRIDE PAD GROUPS BIAS; bn C EPS MOMENTUM AFFINE; relu; …</c>,
/// with <c>residual-begin; …; residual-end</c> around the body of an identity shortcut.
/// </summary>
internal static class NetworkDescription
{
    /// <summary>The description; throws for a layer the peer cannot build the same way (asymmetric padding, dilation, squeeze-and-excitation).</summary>
    public static string Write(Module model)
    {
        var layers = new List<string>();
        Append(model, layers);
        return string.Join("; ", layers);
    }

    private static void Append(Module module, List<string> layers)
    {
        switch (module)
        {
            case Sequential sequential:
                foreach (var (_, child) in sequential.Children)
                {
                    Append(child, layers);
                }

                break;
            case InvertedResidual residual:
                if (residual.UseResidual)
                {
                    layers.Add("residual-begin");
                }

                Append(residual.Body, layers);
                if (residual.UseResidual)
                {
                    layers.Add("residual-end");
                }

                break;
            case DepthwiseSeparableConv2d separable:
                Append(separable.Depthwise, layers);
                Append(separable.Pointwise, layers);
                break;
            case Depthwise.Nn.Conv2d convolution:
                layers.Add(Convolution(convolution.InputChannels, convolution.OutputChannels, convolution.Kernel, convolution.Groups, convolution.Bias is not null, convolution.Options));
                AppendActivation(convolution.Options.Activation, layers);
                break;
            case Depthwise.Nn.DepthwiseConv2d depthwise:
                layers.Add(Convolution(depthwise.Channels, depthwise.OutputChannels, depthwise.Kernel, depthwise.Channels, depthwise.Bias is not null, depthwise.Options));
                AppendActivation(depthwise.Options.Activation, layers);
                break;
            case Depthwise.Nn.PointwiseConv2d pointwise:
                layers.Add(Convolution(pointwise.InputChannels, pointwise.OutputChannels, 1, 1, pointwise.Bias is not null, Conv2dOptions.Default));
                AppendActivation(pointwise.Activation, layers);
                break;
            case BatchNorm2d batchNorm:
                layers.Add(Invariant($"bn {batchNorm.Channels} {batchNorm.Epsilon:R} {batchNorm.Momentum:R} {(batchNorm.Weight is null ? 0 : 1)}"));
                break;
            case Relu:
                layers.Add("relu");
                break;
            case Relu6:
                layers.Add("relu6");
                break;
            case HardSwish:
                layers.Add("hardswish");
                break;
            case Sigmoid:
                layers.Add("sigmoid");
                break;
            case Depthwise.Nn.MaxPool2d pool:
                layers.Add("maxpool " + Pooling(pool.Kernel, pool.Stride, pool.Padding));
                break;
            case Depthwise.Nn.AvgPool2d pool:
                layers.Add("avgpool " + Pooling(pool.Kernel, pool.Stride, pool.Padding));
                break;
            case Depthwise.Nn.GlobalAveragePool:
                layers.Add("gap");
                break;
            case Flatten:
                layers.Add("flatten");
                break;
            case Depthwise.Nn.Linear linear:
                layers.Add(Invariant($"linear {linear.InputFeatures} {linear.OutputFeatures} {(linear.Bias is null ? 0 : 1)}"));
                break;
            case Dropout dropout:
                layers.Add(Invariant($"dropout {dropout.Probability:R}"));
                break;
            default:
                throw new NotSupportedException($"the TorchSharp peer has no counterpart for {module.GetType().Name}.");
        }
    }

    private static string Convolution(int inputs, int outputs, Size2D kernel, int groups, bool bias, Conv2dOptions options)
    {
        if (kernel.Height != kernel.Width || options.Stride.Height != options.Stride.Width || options.Dilation != new Size2D(1, 1))
        {
            throw new NotSupportedException($"a {kernel.Height}x{kernel.Width} convolution with stride {options.Stride} and dilation {options.Dilation}: the peer builds square, undilated ones only.");
        }

        return Invariant($"conv {inputs} {outputs} {kernel.Height} {options.Stride.Height} {SymmetricPad(options.Padding)} {groups} {(bias ? 1 : 0)}");
    }

    private static string Pooling(Size2D kernel, Size2D stride, Padding padding)
    {
        if (kernel.Height != kernel.Width || stride.Height != stride.Width)
        {
            throw new NotSupportedException($"a {kernel.Height}x{kernel.Width} pooling with stride {stride}: the peer builds square ones only.");
        }

        return Invariant($"{kernel.Height} {stride.Height} {SymmetricPad(padding)}");
    }

    private static int SymmetricPad(Padding padding) => padding.Mode switch
    {
        PaddingMode.Valid => 0,
        PaddingMode.Explicit when padding.Top == padding.Left && padding.Top == padding.Bottom && padding.Top == padding.Right => padding.Top,
        _ => throw new NotSupportedException($"padding {padding}: the peer builds symmetric explicit padding only."),
    };

    private static void AppendActivation(Activation activation, List<string> layers)
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                return;
            case ActivationKind.Relu:
                layers.Add("relu");
                return;
            case ActivationKind.Relu6:
                layers.Add("relu6");
                return;
            case ActivationKind.HardSwish:
                layers.Add("hardswish");
                return;
            default:
                throw new NotSupportedException($"the fused activation {activation} has no peer counterpart.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
