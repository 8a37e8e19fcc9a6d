using System.Globalization;
using System.Text;

namespace Depthwise.Tensors;

/// <summary>
/// Parses the header of a <c>.npy</c> file: a Python dictionary literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> followed by whitespace.
/// </summary>
/// <remarks>
/// Only the Python syntax NumPy headers use is understood: quoted strings (single or double; the escapes
/// <c>\\ \' \" \n \t \r</c>), <c>True</c>/<c>False</c>, and a tuple of non-negative integers (a Python 2 <c>L</c> suffix is
/// accepted). Anything else is rejected with an <see cref="NpyFormatException"/> naming the key it belongs to.
/// The parser never recurses and never allocates more than the header's size.
/// </remarks>
internal ref struct NpyHeaderParser
{
    private const string DescrKey = "descr";
    private const string FortranOrderKey = "fortran_order";
    private const string ShapeKey = "shape";
    /// <summary>The only dtype read and written: little-endian float32.</summary>
    internal const string SupportedDescr = "<f4";

    private readonly ReadOnlySpan<byte> _text;
    private readonly long _baseOffset;
    private readonly Encoding _encoding;
    private int _index;

    /// <summary>Prepares to parse <paramref name="text"/>, which starts at byte <paramref name="baseOffset"/> of the file.</summary>
    public NpyHeaderParser(ReadOnlySpan<byte> text, long baseOffset, Encoding encoding)
    {
        _text = text;
        _baseOffset = baseOffset;
        _encoding = encoding;
        _index = 0;
    }

    /// <summary>Checks the dictionary and returns the shape (every dimension ≥ 1, element count ≤ <see cref="Array.MaxLength"/>).</summary>
    public int[] Parse()
    {
        int[]? shape = null;
        bool seenDescr = false, seenFortranOrder = false;
        SkipWhitespace();
        Expect((byte)'{', "header", "the header must be a Python dictionary starting with '{'");
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '}')
            {
                _index++;
                break;
            }

            var keyOffset = _index;
            if (Peek() is not ('\'' or '"'))
            {
                throw Error("header", $"expected a quoted key or '}}'; found {Describe()}.");
            }

            var key = ReadString("header");
            SkipWhitespace();
            Expect((byte)':', "header", $"expected ':' after key '{Printable(key)}'");
            SkipWhitespace();
            switch (key)
            {
                case DescrKey when !seenDescr:
                    ParseDescr();
                    seenDescr = true;
                    break;
                case FortranOrderKey when !seenFortranOrder:
                    ParseFortranOrder();
                    seenFortranOrder = true;
                    break;
                case ShapeKey when shape is null:
                    shape = ParseShape();
                    break;
                case DescrKey or FortranOrderKey or ShapeKey:
                    throw Error(key, keyOffset, $"key '{key}' appears twice.");
                default:
                    throw Error("header", keyOffset, $"unexpected key '{Printable(key)}'; a .npy header has exactly the keys 'descr', 'fortran_order' and 'shape'.");
            }

            SkipWhitespace();
            if (Peek() == ',')
            {
                _index++;
                continue;
            }

            Expect((byte)'}', "header", "expected ',' or '}' after a value");
            break;
        }

        SkipWhitespace();
        if (_index < _text.Length)
        {
            throw Error("header", $"unexpected {Describe()} after the dictionary; only whitespace padding may follow it.");
        }

        string? missing = !seenDescr ? DescrKey : !seenFortranOrder ? FortranOrderKey : shape is null ? ShapeKey : null;
        if (missing is not null)
        {
            throw Error(missing, $"the header has no '{missing}' key; a .npy header needs 'descr', 'fortran_order' and 'shape'.");
        }

        return shape!;
    }

    private void ParseDescr()
    {
        var offset = _index;
        switch (Peek())
        {
            case '\'' or '"':
                var descr = ReadString(DescrKey);
                if (descr != SupportedDescr)
                {
                    throw Error(DescrKey, offset, $"dtype '{Printable(descr)}' is not supported; only '{SupportedDescr}' (little-endian float32) is supported.");
                }

                break;
            case '[':
                throw Error(DescrKey, "dtype is a list (a structured dtype); only '<f4' (little-endian float32) is supported.");
            default:
                throw Error(DescrKey, $"expected a quoted dtype string such as '<f4'; found {Describe()}.");
        }
    }

    private void ParseFortranOrder()
    {
        var offset = _index;
        var word = ReadWord();
        switch (word)
        {
            case "False":
                return;
            case "True":
                throw Error(FortranOrderKey, offset, "fortran_order is True (column-major data); only C-order (row-major) arrays are supported. Save with np.ascontiguousarray first.");
            default:
                _index = offset;
                throw Error(FortranOrderKey, $"expected True or False; found {Describe()}.");
        }
    }

    private int[] ParseShape()
    {
        if (Peek() != '(')
        {
            throw Error(ShapeKey, $"expected a tuple such as (2, 3); found {Describe()}.");
        }

        _index++;
        var dimensions = new List<int>();
        long count = 1;
        var sawComma = false;
        while (true)
        {
            SkipWhitespace();
            if (Peek() == ')')
            {
                _index++;
                break;
            }

            var dimensionOffset = _index;
            var dimension = ReadDimension(dimensions.Count);
            dimensions.Add(dimension);
            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw Error(ShapeKey, dimensionOffset, $"the shape has more than {Array.MaxLength} elements (dimensions so far ({string.Join(", ", dimensions)})); a tensor holds at most {Array.MaxLength}.");
            }

            SkipWhitespace();
            if (Peek() == ',')
            {
                _index++;
                sawComma = true;
                continue;
            }

            Expect((byte)')', ShapeKey, "expected ',' or ')' in the shape tuple");
            break;
        }

        if (dimensions.Count == 1 && !sawComma)
        {
            throw Error(ShapeKey, $"({dimensions[0]}) is an integer in parentheses, not a tuple; a 1-D shape is written ({dimensions[0]},).");
        }

        return [.. dimensions];
    }

    // A non-negative integer literal, optionally with Python 2's 'L' suffix; must be ≥ 1 and fit an int.
    private int ReadDimension(int position)
    {
        var start = _index;
        var negative = Peek() == '-';
        if (negative)
        {
            _index++;
        }

        if (!char.IsAsciiDigit(Peek()))
        {
            _index = start;
            throw Error(ShapeKey, $"expected dimension {position} to be an integer; found {Describe()}.");
        }

        long value = 0;
        while (char.IsAsciiDigit(Peek()))
        {
            value = (value * 10) + (_text[_index] - '0');
            _index++;
            if (value > int.MaxValue)
            {
                throw Error(ShapeKey, start, $"dimension {position} is larger than {int.MaxValue}.");
            }
        }

        if (Peek() is 'L' or 'l')
        {
            _index++;
        }

        if (negative || value == 0)
        {
            var shown = negative ? -value : value;
            throw Error(ShapeKey, start, $"dimension {position} is {shown}; every dimension must be at least 1 (this library has no empty tensors).");
        }

        return (int)value;
    }

    // A quoted string starting at the current byte.
    private string ReadString(string field)
    {
        var start = _index;
        var quote = _text[_index];
        _index++;
        var content = new List<byte>();
        while (true)
        {
            if (_index >= _text.Length || _text[_index] == '\n')
            {
                throw Error(field, start, "unterminated string.");
            }

            var current = _text[_index];
            if (current == quote)
            {
                _index++;
                return _encoding.GetString([.. content]);
            }

            if (current == '\\' && _index + 1 < _text.Length)
            {
                // Python's escapes for quotes, backslash and the common control characters; any other backslash
                // stays in the string, as Python keeps unknown escapes.
                var escaped = _text[_index + 1];
                byte? meaning = escaped switch
                {
                    (byte)'\\' or (byte)'\'' or (byte)'"' => escaped,
                    (byte)'n' => (byte)'\n',
                    (byte)'t' => (byte)'\t',
                    (byte)'r' => (byte)'\r',
                    _ => null,
                };
                if (meaning is { } value)
                {
                    content.Add(value);
                    _index += 2;
                    continue;
                }
            }

            content.Add(current);
            _index++;
        }
    }

    private string ReadWord()
    {
        var start = _index;
        while (_index < _text.Length && (char.IsAsciiLetterOrDigit((char)_text[_index]) || _text[_index] == '_'))
        {
            _index++;
        }

        return Encoding.ASCII.GetString(_text[start.._index]);
    }

    private void SkipWhitespace()
    {
        while (_index < _text.Length && _text[_index] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v')
        {
            _index++;
        }
    }

    private void Expect(byte expected, string field, string what)
    {
        if (Peek() != expected)
        {
            throw Error(field, $"{what}; found {Describe()}.");
        }

        _index++;
    }

    // The current byte as a char, or '\0' at the end (never a valid token, so every check fails cleanly there).
    private readonly char Peek() => _index < _text.Length ? (char)_text[_index] : '\0';

    private readonly string Describe()
    {
        if (_index >= _text.Length)
        {
            return "the end of the header";
        }

        var end = Math.Min(_text.Length, _index + 16);
        return $"'{Printable(Encoding.Latin1.GetString(_text[_index..end]))}'";
    }

    // Text safe to show in a message: control characters escaped, long values cut.
    private static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var character in text.Length > 40 ? text[..40] : text)
        {
            builder.Append(char.IsControl(character) || character > '~' ? $"\\x{(int)character:x2}" : character.ToString());
        }

        return text.Length > 40 ? builder.Append("...").ToString() : builder.ToString();
    }

    private readonly NpyFormatException Error(string field, string detail) => Error(field, _index, detail);

    private readonly NpyFormatException Error(string field, int index, string detail) => new(field, _baseOffset + index, detail);
}
