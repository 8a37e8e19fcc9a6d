using BenchmarkDotNet.Running;
using Depthwise.Benchmarks.Fuzz;
using Depthwise.Benchmarks.Peers;

// `peers` compares against ONNX Runtime in one process, `fuzz` is the importer's long-running fuzzer;
// anything else goes to BenchmarkDotNet's switcher.
return args.Length > 0 && args[0] == "peers" ? PeersCommand.Run(args[1..])
    : args.Length > 0 && args[0] == "fuzz" ? FuzzCommand.Run(args[1..])
    : RunBenchmarkDotNet(args);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(PeersCommand).Assembly).Run(args);
    return 0;
}
