using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>Applies an activation in place over a span, at the widest vector width the machine has.</summary>
internal static class ActivationKernel
{
    public static void Apply(Span<float> values, Activation activation)
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                return;
            case ActivationKind.Relu:
                Apply(values, default(ReluOperator));
                return;
            case ActivationKind.HardSwish:
                Apply(values, default(HardSwishOperator));
                return;
            default:
                Apply(values, new ClipOperator(activation.Min, activation.Max));
                return;
        }
    }

    public static void Apply<TActivation>(Span<float> values, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        var length = values.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                ref var at = ref Unsafe.Add(ref start, i);
                Vector512.StoreUnsafe(activation.Invoke(Vector512.LoadUnsafe(ref at)), ref at);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                ref var at = ref Unsafe.Add(ref start, i);
                Vector256.StoreUnsafe(activation.Invoke(Vector256.LoadUnsafe(ref at)), ref at);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                ref var at = ref Unsafe.Add(ref start, i);
                Vector128.StoreUnsafe(activation.Invoke(Vector128.LoadUnsafe(ref at)), ref at);
            }
        }

        for (; i < length; i++)
        {
            ref var at = ref Unsafe.Add(ref start, i);
            at = activation.Invoke(at);
        }
    }
}
