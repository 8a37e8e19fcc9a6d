using BenchmarkDotNet.Running;
using Depthwise.Benchmarks.Peers;

// `peers` compares against ONNX Runtime in one process; anything else goes to BenchmarkDotNet's switcher.
return args.Length > 0 && args[0] == "peers"
    ? PeersCommand.Run(args[1..])
    : RunBenchmarkDotNet(args);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(PeersCommand).Assembly).Run(args);
    return 0;
}
