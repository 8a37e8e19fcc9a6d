using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Tensors;
using Depthwise.Training;

namespace Depthwise.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("depthwise-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void MobileNetV2_round_trip_restores_every_parameter_and_running_statistic()
    {
        var options = new MobileNetOptions { Width = 0.35, Classes = 10, Seed = 1 };
        var saved = MobileNetV2.Create(options);
        // Move the running statistics away from their initial 0 / 1 so the test sees whether buffers are saved.
        var random = new Random(5);
        foreach (var (_, buffer) in saved.NamedBuffers())
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer.Span[i] = (float)(0.5 + random.NextDouble());
            }
        }

        var path = Path.Combine(_directory, "model.safetensors");
        Checkpoint.Save(saved, path, new Dictionary<string, string> { ["model"] = "mobilenet-v2" });

        var loaded = MobileNetV2.Create(options with { Seed = 2 });
        Assert.NotEqual(saved.NamedParameters().First().Parameter.Value.Span.ToArray(), loaded.NamedParameters().First().Parameter.Value.Span.ToArray());
        var metadata = Checkpoint.Load(loaded, path);

        Assert.Equal("mobilenet-v2", metadata["model"]);
        var savedState = saved.NamedParameters().Select(p => (p.Name, p.Parameter.Value)).Concat(saved.NamedBuffers()).ToList();
        var loadedState = loaded.NamedParameters().Select(p => (p.Name, p.Parameter.Value)).Concat(loaded.NamedBuffers()).ToList();
        Assert.Equal(savedState.Count, loadedState.Count);
        Assert.Contains(loadedState, pair => pair.Name.EndsWith("running_var", StringComparison.Ordinal));
        for (var i = 0; i < savedState.Count; i++)
        {
            Assert.Equal(savedState[i].Name, loadedState[i].Name);
            Assert.Equal(savedState[i].Item2.Span.ToArray(), loadedState[i].Item2.Span.ToArray());
        }

        var input = new Tensor([1, 3, 32, 32]);
        input.Span.Fill(0.5f);
        Assert.Equal(saved.Eval().Forward(input).Span.ToArray(), loaded.Eval().Forward(input).Span.ToArray());
    }

    [Fact]
    public void A_checkpoint_of_another_model_names_the_first_tensor_that_does_not_fit()
    {
        var path = Path.Combine(_directory, "small.safetensors");
        Checkpoint.Save(new Sequential(new Linear(4, 3), new Linear(3, 2)), path);

        var shape = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new Sequential(new Linear(4, 5), new Linear(5, 2)), path));
        Assert.Equal(("0.weight", "shape"), (shape.Tensor, shape.Field));

        var missing = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new Sequential(new Linear(4, 3), new Linear(3, 2), new Linear(2, 2)), path));
        Assert.Equal(("2.weight", "missing"), (missing.Tensor, missing.Field));

        var target = new Sequential(new Linear(4, 3));
        var before = target.NamedParameters().First().Parameter.Value.Span.ToArray();
        var unexpected = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(target, path));
        Assert.Equal(("1.weight", "unexpected"), (unexpected.Tensor, unexpected.Field));
        Assert.Equal(before, target.NamedParameters().First().Parameter.Value.Span.ToArray());
    }

    [Fact]
    public void A_truncated_checkpoint_is_a_format_error()
    {
        var path = Path.Combine(_directory, "cut.safetensors");
        Checkpoint.Save(new Sequential(new Linear(4, 3)), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        Assert.Throws<SafetensorsFormatException>(() => Checkpoint.Load(new Sequential(new Linear(4, 3)), path));
    }
}
