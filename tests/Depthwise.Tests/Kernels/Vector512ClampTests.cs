using System.Runtime.Intrinsics;
using Depthwise.Kernels;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The 512-bit ReLU, clip and hard-swish (<see cref="Vector512Clamp"/>) against the scalar operators bit for bit on
/// the values where maximum and minimum are easy to get wrong: NaNs (quiet, signalling, negative, with payloads), both
/// zeros, infinities, subnormals and the bounds themselves. Runs on every ISA tier: without AVX-512 the vector path is
/// the plain Vector512.Max/Min, which must agree too.
/// </summary>
[Trait("Category", "Kernel")]
public class Vector512ClampTests
{
    private static readonly float[] Values =
    [
        float.NaN, -float.NaN, BitConverter.Int32BitsToSingle(0x7f800001), BitConverter.Int32BitsToSingle(unchecked((int)0xff812345)),
        BitConverter.Int32BitsToSingle(0x7fc12345), -0f, 0f, -1f, 3f, 6f, 7f, -6f, 0.5f, -0.25f, -3f, float.PositiveInfinity,
        float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, float.MaxValue, float.MinValue,
    ];

    public static TheoryData<float, float> Bounds() => new()
    {
        { 0f, 6f }, { -0.25f, 0.5f }, { -0f, 6f }, { 0f, 0f }, { -0f, -0f }, { -0f, 0f }, { float.NegativeInfinity, float.PositiveInfinity }, { -6f, -0f },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void ClipEqualsTheScalarOperatorBitForBit(float min, float max) =>
        AssertVectorEqualsScalar(new ClipOperator(min, max), $"clip({min}, {max})");

    // The bounds ClipFromZeroOperator takes: +0 or positive below, anything from there up above.
    public static TheoryData<float, float> FromZeroBounds() => new()
    {
        { 0f, 6f }, { 0f, 0f }, { 0f, float.PositiveInfinity }, { 0.5f, 2f }, { float.Epsilon, float.MaxValue }, { 6f, 6f },
    };

    [Theory]
    [MemberData(nameof(FromZeroBounds))]
    public void ClipFromZeroEqualsTheScalarOperatorBitForBit(float min, float max)
    {
        Assert.True(ClipFromZeroOperator.Covers(min, max));
        AssertVectorEqualsScalar(new ClipFromZeroOperator(min, max), $"clip from zero({min}, {max})");
    }

    [Theory]
    [InlineData(-0f, 6f)]
    [InlineData(-0.25f, 0.5f)]
    [InlineData(float.NaN, 6f)]
    [InlineData(1f, 0.5f)]
    public void ClipFromZeroDoesNotCoverNegativeOrNaNLowerBoundsNorEmptyRanges(float min, float max) =>
        Assert.False(ClipFromZeroOperator.Covers(min, max));

    [Fact]
    public void ReluEqualsTheScalarOperatorBitForBit() => AssertVectorEqualsScalar(default(ReluOperator), "relu");

    [Fact]
    public void HardSwishEqualsTheScalarOperatorBitForBit() => AssertVectorEqualsScalar(default(HardSwishOperator), "hard-swish");

    // MathF.Max and MathF.Min return a signalling NaN unchanged in their managed fallback but quieted (bit 22 set) where
    // the JIT expands them into hardware instructions, and which one a call gets depends on how and when it was
    // compiled: the scalar definition itself gives either for such an input, so the vector path may give either too
    // (same sign and payload); every other input, quiet NaNs included, must match bit for bit.
    private const int QuietBit = 0x0040_0000;

    private static bool IsSignallingNaN(int bits) => (bits & 0x7f80_0000) == 0x7f80_0000 && (bits & 0x007f_ffff) != 0 && (bits & QuietBit) == 0;

    // Every value in every lane position, next to different neighbours, through the 512-bit Invoke; the scalar
    // Invoke (MathF.Max / MathF.Min) is the definition.
    private static void AssertVectorEqualsScalar<TActivation>(TActivation activation, string name)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        for (var shift = 0; shift < Values.Length; shift++)
        {
            var lanes = new float[Vector512<float>.Count];
            for (var lane = 0; lane < lanes.Length; lane++)
            {
                lanes[lane] = Values[(lane + shift) % Values.Length];
            }

            var result = activation.Invoke(Vector512.Create(lanes));
            for (var lane = 0; lane < lanes.Length; lane++)
            {
                var input = BitConverter.SingleToInt32Bits(lanes[lane]);
                var expected = BitConverter.SingleToInt32Bits(activation.Invoke(lanes[lane]));
                var actual = BitConverter.SingleToInt32Bits(result[lane]);
                Assert.True(
                    actual == expected || IsSignallingNaN(input) && (actual == input || actual == (input | QuietBit)),
                    $"{name} of 0x{input:x8}: 0x{actual:x8}, scalar 0x{expected:x8}.");
            }
        }
    }
}
