using BenchmarkDotNet.Running;
using Depthwise.Benchmarks.Backward;
using Depthwise.Benchmarks.Fuzz;
using Depthwise.Benchmarks.Peers;

// `peers` compares against ONNX Runtime in one process, `backward` times the depthwise backward pass, `fuzz` is the
// importer's long-running fuzzer; anything else goes to BenchmarkDotNet's switcher.
return args.Length == 0 ? RunBenchmarkDotNet(args) : args[0] switch
{
    "peers" => PeersCommand.Run(args[1..]),
    "backward" => BackwardCommand.Run(args[1..]),
    "fuzz" => FuzzCommand.Run(args[1..]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(PeersCommand).Assembly).Run(args);
    return 0;
}
