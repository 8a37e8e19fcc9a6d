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

    [Fact]
    public void ReluEqualsTheScalarOperatorBitForBit() => AssertVectorEqualsScalar(default(ReluOperator), "relu");

    [Fact]
    public void HardSwishEqualsTheScalarOperatorBitForBit() => AssertVectorEqualsScalar(default(HardSwishOperator), "hard-swish");

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
                var expected = activation.Invoke(lanes[lane]);
                Assert.True(
                    BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(result[lane]),
                    $"{name} of 0x{BitConverter.SingleToInt32Bits(lanes[lane]):x8}: 0x{BitConverter.SingleToInt32Bits(result[lane]):x8}, scalar 0x{BitConverter.SingleToInt32Bits(expected):x8}.");
            }
        }
    }
}
