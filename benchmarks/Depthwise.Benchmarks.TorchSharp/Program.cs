using System.Diagnostics;
using System.Globalization;
using Depthwise.Benchmarks.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

// A line protocol on standard input, so that the parent can interleave its own rounds with ours:
//   setup BATCH CHANNELS SIZE STRIDE THREADS  → builds a 3×3 depthwise layer with 'same' padding, warms up, answers "ready"
//   train BATCH THREADS SPEC                  → builds the network SPEC describes (NetworkBuilder) with SGD, warms up a
//                                               training step, answers its parameter count
//   round CALLS                                → times CALLS calls of what the last setup built, answers ms per call
//   quit
// The depthwise backward pass is autograd's: torch.autograd.grad of the conv2d output (graph retained) with respect to
// input and weights, given a fixed output gradient, which is what a training step runs for this layer.
Action? call = null;
string? line;
while ((line = Console.ReadLine()) is not null)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    switch (words[0])
    {
        case "setup":
            var values = words[1..].Select(word => int.Parse(word, CultureInfo.InvariantCulture)).ToArray();
            call = DepthwiseBackward(values[0], values[1], values[2], values[3], values[4]);
            WarmUp(call);
            Console.WriteLine("ready");
            break;
        case "train":
            var batch = int.Parse(words[1], CultureInfo.InvariantCulture);
            var threads = int.Parse(words[2], CultureInfo.InvariantCulture);
            var (step, parameters) = TrainingStep(batch, threads, string.Join(' ', words[3..]));
            call = step;
            WarmUp(call);
            Console.WriteLine(parameters.ToString(CultureInfo.InvariantCulture));
            break;
        case "round":
            var calls = int.Parse(words[1], CultureInfo.InvariantCulture);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                call!();
            }

            Console.WriteLine((Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls).ToString("R", CultureInfo.InvariantCulture));
            break;
        default:
            return 0;
    }
}

return 0;

static void WarmUp(Action call)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(0.5))
    {
        call();
    }
}

static Action DepthwiseBackward(int batch, int channels, int size, int stride, int threads)
{
    torch.set_num_threads(threads);
    torch.random.manual_seed(1);
    var input = torch.rand(batch, channels, size, size, requires_grad: true);
    var weights = torch.rand(channels, 1, 3, 3, requires_grad: true);

    // PyTorch's padding=1 equals 'same' for stride 1; for stride 2 on even sizes ONNX SAME_UPPER pads (0, 1), the same
    // output size and work.
    var output = torch.nn.functional.conv2d(input, weights, strides: [stride, stride], padding: [1, 1], groups: channels);
    var gradOutput = torch.rand_like(output);
    return () =>
    {
        using var scope = torch.NewDisposeScope();
        _ = torch.autograd.grad([output], [input, weights], [gradOutput], retain_graph: true);
    };
}

// One training step as a PyTorch loop writes it: zero the gradients, forward, cross-entropy, backward, SGD step
// (momentum 0.9, Nesterov, weight decay 5e-4 — the parent's optimizer), on a fixed random batch of 1×28×28 images.
static (Action Step, long Parameters) TrainingStep(int batch, int threads, string spec)
{
    torch.set_num_threads(threads);
    torch.random.manual_seed(1);
    var model = NetworkBuilder.Build(spec);
    model.train();
    var optimizer = torch.optim.SGD(model.parameters(), 0.01, momentum: 0.9, weight_decay: 5e-4, nesterov: true);
    var images = torch.randn(batch, 1, 28, 28);
    var labels = torch.randint(0, 10, [batch], dtype: ScalarType.Int64);
    var parameters = model.parameters().Sum(parameter => parameter.numel());
    return (() =>
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var loss = torch.nn.functional.cross_entropy(model.call(images), labels);
        loss.backward();
        optimizer.step();
    }, parameters);
}
