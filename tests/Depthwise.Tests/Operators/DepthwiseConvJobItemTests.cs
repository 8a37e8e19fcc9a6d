using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;

namespace Depthwise.Tests.Operators;

/// <summary>
/// <see cref="DepthwiseConvJob.Item"/> (one division per item, none for the tile of a job in whole planes) against the
/// plain remainders and quotients it replaced: every item is the (image, row tile, channel block) of index
/// block + blocks · (tile + tiles · image), and together the items cover every output row of every block and image once.
/// </summary>
public class DepthwiseConvJobItemTests
{
    [Theory]
    [InlineData(1, 16, 14, 1, (int)DepthwiseDataLayout.Blocked)] // one block, one tile
    [InlineData(1, 576, 14, 1, (int)DepthwiseDataLayout.Blocked)] // whole planes: no division for the tile
    [InlineData(3, 40, 9, 1, (int)DepthwiseDataLayout.ChannelsLast)] // images and a channel count that is not a multiple of the lanes
    [InlineData(1, 16, 27, 2, (int)DepthwiseDataLayout.Blocked)] // two threads on one block: row tiles
    [InlineData(2, 24, 13, 2, (int)DepthwiseDataLayout.Blocked)] // row tiles, blocks and images together
    [InlineData(2, 32, 200, 1, (int)DepthwiseDataLayout.Planar)] // a band budget cuts 200-pixel rows into tiles
    public unsafe void ItemsAreTheIndexDecomposition(int batch, int channels, int size, int threads, int layoutValue)
    {
        // The layout comes as an int: the enum is internal and a test method is public.
        var layout = (DepthwiseDataLayout)layoutValue;
        var geometry = ConvGeometry.Create(size, size, new Size2D(3, 3), 1, 1, Padding.SameUpper);
        var dimensions = new DepthwiseConvDimensions(geometry, channels, 1);
        var job = new DepthwiseConvJob(null, null, null, null, layout, batch, dimensions, SimdWidth.For(channels), threads);
        var rowsCovered = new int[batch, job.Blocks, geometry.OutputHeight];
        for (var item = 0; item < job.Items; item++)
        {
            var (image, firstRow, endRow, block) = job.Item(item);
            var tile = item / job.Blocks % job.Tiles;
            Assert.Equal(item % job.Blocks, block);
            Assert.Equal(item / job.Blocks / job.Tiles, image);
            Assert.Equal(tile * job.RowsPerTile, firstRow);
            Assert.Equal(Math.Min(firstRow + job.RowsPerTile, geometry.OutputHeight), endRow);
            for (var row = firstRow; row < endRow; row++)
            {
                rowsCovered[image, block, row]++;
            }
        }

        Assert.All(rowsCovered.Cast<int>(), count => Assert.Equal(1, count));
        Assert.True(threads == 1 && layout != DepthwiseDataLayout.Planar ? job.Tiles == 1 : job.Tiles > 1, $"tiles {job.Tiles}: the case does not cover what its comment says.");
    }
}
