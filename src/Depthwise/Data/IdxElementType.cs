namespace Depthwise.Data;

/// <summary>The element type of an IDX file, stored in its third byte.</summary>
public enum IdxElementType : byte
{
    /// <summary>Unsigned byte (code 0x08).</summary>
    UnsignedByte = 0x08,

    /// <summary>Signed byte (code 0x09).</summary>
    SignedByte = 0x09,

    /// <summary>Big-endian 16-bit integer (code 0x0B).</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian 32-bit integer (code 0x0C).</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian 32-bit float (code 0x0D).</summary>
    Single = 0x0D,

    /// <summary>Big-endian 64-bit float (code 0x0E).</summary>
    Double = 0x0E,
}
