namespace Depthwise.Visualization.Gif;

/// <summary>
/// The variable-length-code LZW compression of GIF89a (appendix F of the specification): codes start one bit wider
/// than the minimum code size, grow by one bit each time the next code needs it, stop growing at 12 bits, and the
/// table is cleared (with a clear code) when it is full. Codes are packed least-significant bit first into data
/// sub-blocks of at most 255 bytes, ended by an empty block.
/// </summary>
internal sealed class GifLzwEncoder
{
    private const int MaximumCodeBits = 12;
    private const int TableLimit = 1 << MaximumCodeBits;

    // Open-addressing hash from (prefix code, next index) to code: 2× the 4096 possible entries keeps probes short.
    private const int HashSize = 8192;

    private readonly int[] _keys = new int[HashSize];
    private readonly short[] _codes = new short[HashSize];
    private readonly Stream _stream;
    private readonly byte[] _block = new byte[255];
    private int _blockLength;
    private ulong _bits;
    private int _bitCount;

    private GifLzwEncoder(Stream stream) => _stream = stream;

    /// <summary>Writes the image data of one frame: the minimum code size byte, the sub-blocks and the terminator.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="indices">Palette indices, each below <c>2^paletteBits</c>.</param>
    /// <param name="paletteBits">Bits of the colour table the indices refer to (1 to 8).</param>
    public static void Encode(Stream stream, ReadOnlySpan<byte> indices, int paletteBits)
    {
        // GIF decoders need a minimum code size of at least 2, even for 2-colour tables.
        var minimumCodeSize = Math.Max(2, paletteBits);
        stream.WriteByte((byte)minimumCodeSize);
        new GifLzwEncoder(stream).Compress(indices, minimumCodeSize);
        stream.WriteByte(0);
    }

    private void Compress(ReadOnlySpan<byte> indices, int minimumCodeSize)
    {
        var clearCode = 1 << minimumCodeSize;
        var endCode = clearCode + 1;
        var codeBits = minimumCodeSize + 1;
        var nextCode = endCode + 1;
        ResetTable();
        Emit(clearCode, codeBits);
        if (indices.IsEmpty)
        {
            Emit(endCode, codeBits);
            Flush();
            return;
        }

        int prefix = indices[0];
        for (var i = 1; i < indices.Length; i++)
        {
            var next = indices[i];
            var key = (prefix << 8) | next;
            var slot = Find(key);
            if (_keys[slot] == key)
            {
                prefix = _codes[slot];
                continue;
            }

            Emit(prefix, codeBits);
            if (nextCode < TableLimit)
            {
                _keys[slot] = key;
                _codes[slot] = (short)nextCode;
                // The decoder adds this entry one code later and widens when its next free code needs another bit:
                // the encoder widens after adding the code equal to 2^codeBits.
                if (nextCode == 1 << codeBits && codeBits < MaximumCodeBits)
                {
                    codeBits++;
                }

                nextCode++;
            }
            else
            {
                Emit(clearCode, codeBits);
                ResetTable();
                codeBits = minimumCodeSize + 1;
                nextCode = endCode + 1;
            }

            prefix = next;
        }

        Emit(prefix, codeBits);
        Emit(endCode, codeBits);
        Flush();
    }

    private int Find(int key)
    {
        // Fibonacci hashing of the 20-bit key, then linear probing; empty slots hold −1.
        var slot = (int)(((uint)key * 2654435769u) >> 19);
        while (_keys[slot] != -1 && _keys[slot] != key)
        {
            slot = (slot + 1) & (HashSize - 1);
        }

        return slot;
    }

    private void ResetTable() => Array.Fill(_keys, -1);

    private void Emit(int code, int codeBits)
    {
        _bits |= (ulong)code << _bitCount;
        _bitCount += codeBits;
        while (_bitCount >= 8)
        {
            AppendByte((byte)_bits);
            _bits >>= 8;
            _bitCount -= 8;
        }
    }

    private void Flush()
    {
        if (_bitCount > 0)
        {
            AppendByte((byte)_bits);
            _bits = 0;
            _bitCount = 0;
        }

        WriteBlock();
    }

    private void AppendByte(byte value)
    {
        _block[_blockLength++] = value;
        if (_blockLength == _block.Length)
        {
            WriteBlock();
        }
    }

    private void WriteBlock()
    {
        if (_blockLength == 0)
        {
            return;
        }

        _stream.WriteByte((byte)_blockLength);
        _stream.Write(_block, 0, _blockLength);
        _blockLength = 0;
    }
}
