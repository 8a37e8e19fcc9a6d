using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Depthwise.Kernels;

// Banded planar kernel: the default for NCHW. The input rows a block of output rows needs are first copied into a
// zero-padded, phase-split band (see NchwBand), which costs one pass over those rows; after that every output column
// is computed by the same vector code — no border columns, no scalar stride-s path, no tap clipping. One register =
// V neighbouring output columns of one channel; four registers per block share each broadcast weight. Padding taps
// are multiplied by the band's zeros: fma(0, w, acc) = acc, so the sum equals the clipped one (up to the sign of a
// zero result, and except for infinite or NaN weights, which then poison border outputs as they would in any
// zero-padding engine).
internal static partial class DepthwiseConvKernel
{
    // input plane (H, W) rows needed by output rows [firstRow, endRow) → band (rows, phases × phase length), zero-padded
    private static void FillNchwBand<TSimd, TVector>(ReadOnlySpan<float> input, in DepthwiseConvDimensions dimensions, in NchwBand band, int firstRow, int endRow, Span<float> scratch)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var geometry = dimensions.Geometry;
        var inputWidth = geometry.InputWidth;
        var padLeft = geometry.PadLeft;
        var firstInputRow = geometry.InputRowOrigin(firstRow);
        var rows = (int)band.Rows(endRow - firstRow);
        var rowLength = (int)band.RowLength;
        var phaseLength = (int)band.PhaseLength;
        var phases = band.Phases;

        for (var bandRow = 0; bandRow < rows; bandRow++)
        {
            var inputRow = firstInputRow + bandRow;
            var destination = scratch.Slice(bandRow * rowLength, rowLength);
            if ((uint)inputRow >= (uint)geometry.InputHeight)
            {
                destination.Clear();
                continue;
            }

            var source = input.Slice(inputRow * inputWidth, inputWidth);
            switch (phases)
            {
                case 1:
                    // Padded column j holds input column j − padLeft.
                    var start = (int)Math.Min(padLeft, phaseLength);
                    var end = (int)Math.Min((long)padLeft + inputWidth, phaseLength);
                    destination[..start].Clear();
                    source[..(end - start)].CopyTo(destination[start..end]);
                    destination[end..].Clear();
                    break;
                case 2:
                    FillStride2BandRow<TSimd, TVector>(source, destination, padLeft, phaseLength);
                    break;
                default:
                    FillPhaseSplitBandRow(source, destination, padLeft, phases, phaseLength);
                    break;
            }
        }
    }

    // Width stride 2 (MobileNet's downsampling layers): even padded columns to phase 0, odd to phase 1, a register
    // pair at a time over the entries whose two input columns are inside the row (the last pair of registers
    // overlapping the one before), one entry at a time in the padding on either side.
    private static void FillStride2BandRow<TSimd, TVector>(ReadOnlySpan<float> source, Span<float> destination, int padLeft, int phaseLength)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        ref var sourceStart = ref MemoryMarshal.GetReference(source);
        ref var even = ref MemoryMarshal.GetReference(destination);
        ref var odd = ref Unsafe.Add(ref even, phaseLength);
        var inputWidth = source.Length;
        var lanes = TSimd.Count;

        // Entry j reads input columns 2j − padLeft and 2j + 1 − padLeft.
        var insideFirst = (int)Math.Min(((long)padLeft + 1) / 2, phaseLength);
        var insideEnd = (int)Math.Clamp(((long)padLeft + inputWidth) / 2, insideFirst, phaseLength);

        var entry = 0;
        if (insideEnd - insideFirst >= lanes)
        {
            FillStride2Entries(ref sourceStart, ref even, ref odd, inputWidth, padLeft, 0, insideFirst);
            for (entry = insideFirst; entry < insideEnd; entry += lanes)
            {
                var at = Math.Min(entry, insideEnd - lanes);
                TSimd.Deinterleave(ref Unsafe.Add(ref sourceStart, (2 * at) - padLeft), ref Unsafe.Add(ref even, at), ref Unsafe.Add(ref odd, at));
            }

            entry = insideEnd;
        }

        FillStride2Entries(ref sourceStart, ref even, ref odd, inputWidth, padLeft, entry, phaseLength);
    }

    private static void FillStride2Entries(ref float source, ref float even, ref float odd, int inputWidth, int padLeft, int first, int end)
    {
        for (var entry = first; entry < end; entry++)
        {
            Unsafe.Add(ref even, entry) = ColumnOrZero(ref source, inputWidth, (2 * entry) - padLeft);
            Unsafe.Add(ref odd, entry) = ColumnOrZero(ref source, inputWidth, (2 * entry) + 1 - padLeft);
        }
    }

    // Width stride ≥ 3 (rare): phase p, entry j holds input column j·phases + p − padLeft.
    private static void FillPhaseSplitBandRow(ReadOnlySpan<float> source, Span<float> destination, int padLeft, int phases, int phaseLength)
    {
        ref var sourceStart = ref MemoryMarshal.GetReference(source);
        ref var destinationStart = ref MemoryMarshal.GetReference(destination);
        for (var phase = 0; phase < phases; phase++)
        {
            ref var phaseStart = ref Unsafe.Add(ref destinationStart, phase * phaseLength);
            var column = phase - padLeft;
            for (var entry = 0; entry < phaseLength; entry++, column += phases)
            {
                Unsafe.Add(ref phaseStart, entry) = ColumnOrZero(ref sourceStart, source.Length, column);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ColumnOrZero(ref float row, int width, int column) => (uint)column < (uint)width ? Unsafe.Add(ref row, column) : 0f;

    // input plane (H, W) → band (rows, phases × phase length) in scratch; band, weights (kH, kW), bias → output rows [firstRow, endRow) of plane (Ho, Wo)
    private static void NchwBandedRows<TSimd, TVector, TActivation>(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        float bias,
        Span<float> output,
        in DepthwiseConvDimensions dimensions,
        in NchwBand bandShape,
        ReadOnlySpan<int> columnOffsets,
        int firstRow,
        int endRow,
        Span<float> scratch,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        FillNchwBand<TSimd, TVector>(input, dimensions, bandShape, firstRow, endRow, scratch);
        ReadOnlySpan<float> band = scratch;
        var bandRowLength = (int)bandShape.RowLength;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var outputWidth = geometry.OutputWidth;
        var tiles = (outputWidth + lanes - 1) / lanes;
        var outputRowStep = geometry.Stride.Height * bandRowLength;
        var kernelRowStep = geometry.Dilation.Height * bandRowLength;

        ref var bandStart = ref MemoryMarshal.GetReference(band);
        ref var weightStart = ref MemoryMarshal.GetReference(weights);
        ref var offsetStart = ref MemoryMarshal.GetReference(columnOffsets);
        ref var outputStart = ref MemoryMarshal.GetReference(output);

        for (var y = firstRow; y < endRow; y++)
        {
            ref var bandRow = ref Unsafe.Add(ref bandStart, (y - firstRow) * outputRowStep);
            ref var outputRow = ref Unsafe.Add(ref outputStart, y * outputWidth);
            var tile = 0;
            for (; tile + TilesPerBlock <= tiles; tile += TilesPerBlock)
            {
                NchwBandedBlock<TSimd, TVector, TActivation>(
                    ref bandRow,
                    kernelRowStep,
                    ref weightStart,
                    ref offsetStart,
                    geometry.Kernel.Height,
                    geometry.Kernel.Width,
                    bias,
                    ref outputRow,
                    TileStart(tile, 0, outputWidth, lanes),
                    TileStart(tile + 1, 0, outputWidth, lanes),
                    TileStart(tile + 2, 0, outputWidth, lanes),
                    TileStart(tile + 3, 0, outputWidth, lanes),
                    activation);
            }

            for (; tile < tiles; tile++)
            {
                NchwBandedTile<TSimd, TVector, TActivation>(
                    ref bandRow, kernelRowStep, ref weightStart, ref offsetStart, geometry.Kernel.Height, geometry.Kernel.Width, bias, ref outputRow, TileStart(tile, 0, outputWidth, lanes), activation);
            }
        }
    }

    // Four registers of output columns starting at x0 … x3; every tap is a load from the band.
    private static void NchwBandedBlock<TSimd, TVector, TActivation>(
        ref float bandRow,
        int kernelRowStep,
        ref float weights,
        ref int columnOffsets,
        int kernelHeight,
        int kernelWidth,
        float bias,
        ref float outputRow,
        int x0,
        int x1,
        int x2,
        int x3,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var accumulator0 = TSimd.Broadcast(bias);
        var accumulator1 = accumulator0;
        var accumulator2 = accumulator0;
        var accumulator3 = accumulator0;
        for (var ky = 0; ky < kernelHeight; ky++)
        {
            ref var tapRow = ref Unsafe.Add(ref bandRow, ky * kernelRowStep);
            ref var weightRow = ref Unsafe.Add(ref weights, ky * kernelWidth);
            for (var kx = 0; kx < kernelWidth; kx++)
            {
                var weight = TSimd.Broadcast(Unsafe.Add(ref weightRow, kx));
                ref var tapInput = ref Unsafe.Add(ref tapRow, Unsafe.Add(ref columnOffsets, kx));
                accumulator0 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, x0)), weight, accumulator0);
                accumulator1 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, x1)), weight, accumulator1);
                accumulator2 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, x2)), weight, accumulator2);
                accumulator3 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, x3)), weight, accumulator3);
            }
        }

        TSimd.Store(TSimd.Activate(accumulator0, activation), ref Unsafe.Add(ref outputRow, x0));
        TSimd.Store(TSimd.Activate(accumulator1, activation), ref Unsafe.Add(ref outputRow, x1));
        TSimd.Store(TSimd.Activate(accumulator2, activation), ref Unsafe.Add(ref outputRow, x2));
        TSimd.Store(TSimd.Activate(accumulator3, activation), ref Unsafe.Add(ref outputRow, x3));
    }

    // One register of output columns starting at x.
    private static void NchwBandedTile<TSimd, TVector, TActivation>(
        ref float bandRow,
        int kernelRowStep,
        ref float weights,
        ref int columnOffsets,
        int kernelHeight,
        int kernelWidth,
        float bias,
        ref float outputRow,
        int x,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var accumulator = TSimd.Broadcast(bias);
        for (var ky = 0; ky < kernelHeight; ky++)
        {
            ref var tapRow = ref Unsafe.Add(ref Unsafe.Add(ref bandRow, ky * kernelRowStep), x);
            ref var weightRow = ref Unsafe.Add(ref weights, ky * kernelWidth);
            for (var kx = 0; kx < kernelWidth; kx++)
            {
                accumulator = TSimd.MultiplyAdd(
                    TSimd.Load(ref Unsafe.Add(ref tapRow, Unsafe.Add(ref columnOffsets, kx))), TSimd.Broadcast(Unsafe.Add(ref weightRow, kx)), accumulator);
            }
        }

        TSimd.Store(TSimd.Activate(accumulator, activation), ref Unsafe.Add(ref outputRow, x));
    }
}
