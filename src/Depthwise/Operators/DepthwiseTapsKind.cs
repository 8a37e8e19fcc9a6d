namespace Depthwise.Operators;

/// <summary>Which block body a problem runs: a specialised one when the shape has one, the generic tap loop otherwise.</summary>
internal enum DepthwiseTapsKind
{
    Generic,
    Kernel3x3Stride1,
    Kernel3x3Stride2,
    Kernel5x5Stride1,
    Kernel5x5Stride2,
}
