namespace Depthwise.Cost;

/// <summary>
/// The work and memory traffic of one operator (or, summed with <c>+</c>, of a block or network), counted the way
/// the MobileNet papers count: every kernel tap is a multiply-add, padding taps included.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Flops"/> is exactly <c>2 × <see cref="Macs"/></c>: one multiply and one add per tap. Bias additions and
/// activations are not counted; they add one to three operations per output element, which is noticeable
/// next to a 3×3 depthwise layer's 18 FLOPs per output (6–17%) and negligible for pointwise and standard convolutions.
/// </para>
/// <para>
/// Bytes assume float32 and perfect caching: the input, the weights and the bias are each read once and the output
/// is written once. That is the least one call can move when nothing starts in cache (a kernel that re-reads rows
/// evicted from cache moves more), so <see cref="ArithmeticIntensity"/> is the best case for a cold call.
/// </para>
/// <para>See <c>docs/cost-model.md</c> for a worked example.</para>
/// </remarks>
public sealed record OpCost
{
    /// <summary>Learnable values: weights plus bias.</summary>
    public long Parameters { get; init; }

    /// <summary>Multiply-adds, counting every kernel tap including those that fall on padding (Dk·Dk·M·N·DF·DF in the MobileNet paper).</summary>
    public long Macs { get; init; }

    /// <summary>Multiply-adds whose input tap lies inside the input: what a kernel that skips padding executes. At most <see cref="Macs"/>.</summary>
    public long MacsExcludingPadding { get; init; }

    /// <summary>Floating-point operations: <c>2 × <see cref="Macs"/></c>; bias adds and activations are not counted.</summary>
    /// <exception cref="OverflowException">The count does not fit a long.</exception>
    public long Flops => checked(2 * Macs);

    /// <summary>Bytes read if input, weights and bias are each read once (float32).</summary>
    public long BytesRead { get; init; }

    /// <summary>Bytes written if the output is written once (float32).</summary>
    public long BytesWritten { get; init; }

    /// <summary>FLOPs per byte moved: <c><see cref="Flops"/> / (<see cref="BytesRead"/> + <see cref="BytesWritten"/>)</c>; 0 when nothing is moved.</summary>
    public double ArithmeticIntensity
    {
        get
        {
            var bytes = checked(BytesRead + BytesWritten);
            return bytes == 0 ? 0 : (double)Flops / bytes;
        }
    }

    /// <summary>No work and no traffic: the starting value for a sum.</summary>
    public static OpCost Zero { get; } = new();

    /// <summary>Totals two costs, as for the layers of a block or network; the intensity follows from the totals.</summary>
    /// <param name="left">One cost.</param>
    /// <param name="right">The other cost.</param>
    /// <returns>Every count summed.</returns>
    /// <exception cref="OverflowException">A total does not fit a long.</exception>
    public static OpCost operator +(OpCost left, OpCost right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new OpCost
        {
            Parameters = checked(left.Parameters + right.Parameters),
            Macs = checked(left.Macs + right.Macs),
            MacsExcludingPadding = checked(left.MacsExcludingPadding + right.MacsExcludingPadding),
            BytesRead = checked(left.BytesRead + right.BytesRead),
            BytesWritten = checked(left.BytesWritten + right.BytesWritten),
        };
    }
}
