namespace Depthwise.Kernels;

/// <summary>
/// How several threads share a block with an expansion: the multiply-adds of the busiest thread under each partition,
/// with the items handed out as <see cref="Threading.WorkerPool"/> does (each thread its own contiguous range).
/// </summary>
/// <remarks>
/// Measured on MobileNetV2 (two threads, quiet moments of a loaded machine): 24 → 144 → 32 at 56² s2 (144 channels
/// are 4.5 groups: 80 against 64 channels per thread, while its halo costs 7 %) 175 µs by rows, 187 µs by channels, as
/// these counts predict (8.1 M against 8.4 M); the 14² and 7² blocks 1.2–1.4 times faster by channels.
/// </remarks>
internal readonly partial struct SeparableConvJob
{
    // What the channel split costs beyond its balanced work, in multiply-add times per float of the shared middle
    // buffer: each core reads the half of it the other core wrote, and the second phase waits for the first. Measured
    // with two threads on 576×14² → 96 (113 Ki floats): 222 µs against 419 / 2 = 210 µs from one thread, 12 µs ≈ 5.5 per
    // float at that block's 52 multiply-adds per ns. It keeps MobileNetV2's 28² blocks (150 Ki floats; 6.2 M against
    // 5.5 M + 0.8 M) on rows, where both splits measured within 2 % (126 / 124 µs).
    private const long SharedMiddleCost = 5;

    // Row split: every chunk expands the input rows its output rows read, halo included, then runs the depthwise stage
    // and the projection over its rows.
    private long RowSplitBusiestWork(int rowsPerChunk, int threads)
    {
        var geometry = Dimensions.Geometry;
        var outputHeight = geometry.OutputHeight;
        var chunks = (outputHeight + rowsPerChunk - 1) / rowsPerChunk;
        var expandedRowWork = (long)geometry.InputWidth * Expansion.InputChannels * Dimensions.OutputChannels;
        var outputRowWork = (long)geometry.OutputWidth * Dimensions.OutputChannels * (geometry.Taps + OutputChannels);
        var items = Batch * chunks;
        var participants = Participants(items, threads);
        var busiest = 0L;
        for (var participant = 0; participant < participants; participant++)
        {
            var total = 0L;
            for (var item = RangeStart(participant, items, participants); item < RangeStart(participant + 1, items, participants); item++)
            {
                var firstRow = item % chunks * rowsPerChunk;
                var endRow = Math.Min(firstRow + rowsPerChunk, outputHeight);
                var (first, end) = InputBandRows(firstRow, endRow);
                total += ((end - first) * expandedRowWork) + ((endRow - firstRow) * outputRowWork);
            }

            busiest = Math.Max(busiest, total);
        }

        return busiest;
    }

    // Channel split: every group expands its channels over the whole image and runs their depthwise stage; the
    // projection's tiles are small enough to spread evenly.
    private long ChannelSplitBusiestWork(int groupChannels, int threads)
    {
        var geometry = Dimensions.Geometry;
        var channels = Dimensions.OutputChannels;
        var groups = (channels + groupChannels - 1) / groupChannels;
        var outputPixels = (long)geometry.OutputHeight * geometry.OutputWidth;
        var channelWork = ((long)geometry.InputHeight * geometry.InputWidth * Expansion.InputChannels) + (outputPixels * geometry.Taps);
        var items = Batch * groups;
        var participants = Participants(items, threads);
        var busiest = 0L;
        for (var participant = 0; participant < participants; participant++)
        {
            var total = 0L;
            for (var item = RangeStart(participant, items, participants); item < RangeStart(participant + 1, items, participants); item++)
            {
                total += Math.Min(groupChannels, channels - (item % groups * groupChannels)) * channelWork;
            }

            busiest = Math.Max(busiest, total);
        }

        var projection = (long)Batch * outputPixels * channels * OutputChannels;
        return busiest + ((projection + threads - 1) / threads) + (SharedMiddleCost * Batch * outputPixels * MiddleStride);
    }

    // The participants WorkerPool runs `items` items on, and where participant p's range starts.
    private static int Participants(int items, int threads) => Math.Max(Math.Min(threads, items), 1);

    private static int RangeStart(int participant, int items, int participants) => (int)((long)participant * items / participants);
}
