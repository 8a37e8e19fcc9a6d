using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

// A line protocol on standard input, so that the parent can interleave its own rounds with ours:
//   setup BATCH CHANNELS SIZE STRIDE THREADS  → builds a 3×3 depthwise layer with 'same' padding, warms up, answers "ready"
//   round CALLS                                → times CALLS backward passes (input and weight gradients), answers ms per call
//   quit
// The backward pass is autograd's: torch.autograd.grad of the conv2d output (graph retained) with respect to input and
// weights, given a fixed output gradient, which is what a training step runs for this layer.
Tensor? input = null;
Tensor? weights = null;
Tensor? output = null;
Tensor? gradOutput = null;
string? line;
while ((line = Console.ReadLine()) is not null)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    switch (words[0])
    {
        case "setup":
            var values = words[1..].Select(word => int.Parse(word, CultureInfo.InvariantCulture)).ToArray();
            var (batch, channels, size, stride) = (values[0], values[1], values[2], values[3]);
            torch.set_num_threads(values[4]);
            torch.random.manual_seed(1);
            input = torch.rand(batch, channels, size, size, requires_grad: true);
            weights = torch.rand(channels, 1, 3, 3, requires_grad: true);

            // PyTorch's padding=1 equals 'same' for stride 1; for stride 2 on even sizes ONNX SAME_UPPER pads (0, 1), the same
            // output size and work.
            output = torch.nn.functional.conv2d(input, weights, strides: [stride, stride], padding: [1, 1], groups: channels);
            gradOutput = torch.rand_like(output);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(0.5))
            {
                Backward();
            }

            Console.WriteLine("ready");
            break;
        case "round":
            var calls = int.Parse(words[1], CultureInfo.InvariantCulture);
            var start = Stopwatch.GetTimestamp();
            for (var call = 0; call < calls; call++)
            {
                Backward();
            }

            Console.WriteLine((Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls).ToString("R", CultureInfo.InvariantCulture));
            break;
        default:
            return 0;
    }
}

return 0;

void Backward()
{
    using var scope = torch.NewDisposeScope();
    _ = torch.autograd.grad([output!], [input!, weights!], [gradOutput!], retain_graph: true);
}
