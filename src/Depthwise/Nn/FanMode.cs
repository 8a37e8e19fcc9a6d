namespace Depthwise.Nn;

/// <summary>Which fan a variance-preserving initialization divides by.</summary>
public enum FanMode
{
    /// <summary>Inputs per output, <c>(Cin/g)·kH·kW</c>: preserves the variance of activations in the forward pass.</summary>
    FanIn,

    /// <summary>Outputs per input, <c>(Cout/g)·kH·kW</c> as PyTorch computes it (<c>Cout·kH·kW</c>): preserves the variance of gradients in the backward pass.</summary>
    FanOut,
}
