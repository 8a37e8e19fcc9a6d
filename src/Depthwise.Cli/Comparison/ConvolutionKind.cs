namespace Depthwise.Cli.Comparison;

/// <summary>The four convolutions the seed compares.</summary>
internal enum ConvolutionKind
{
    /// <summary>One k×k×C kernel per output channel, every kernel spanning all input channels.</summary>
    Traditional,

    /// <summary>One k×k kernel per input channel (times the depth multiplier), each channel on its own.</summary>
    Depthwise,

    /// <summary>A 1×1 convolution mixing the depthwise output's channels into the requested output channels.</summary>
    Pointwise,

    /// <summary>Depthwise then pointwise: the traditional convolution's replacement.</summary>
    Separable,
}
