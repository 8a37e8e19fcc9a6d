using Depthwise.Nn;
using Depthwise.Onnx.Protos;
using Google.Protobuf;

namespace Depthwise.Onnx.Export;

/// <summary>
/// Writes a network built from <see cref="Depthwise.Nn"/> modules as an ONNX model (opset 17, IR version 8) with its
/// weights as initializers, in inference form: batch normalization uses the running statistics and dropout is left
/// out, whatever mode the module is in.
/// </summary>
/// <remarks>
/// <para>
/// Operators written: Conv (any kernel, stride, dilation, explicit pads, group — depthwise is <c>group = C</c>),
/// BatchNormalization (or folded into Conv, see <see cref="OnnxExportOptions.FoldBatchNorm"/>), Relu, Clip (ReLU6,
/// with min and max as inputs as opset ≥ 11 requires), HardSwish (opset 14+), HardSigmoid (α = 1/6, β = 1/2),
/// Sigmoid, Add (residual), Mul (squeeze-and-excitation scale), GlobalAveragePool, Flatten and Gemm (transB = 1).
/// </para>
/// <para>
/// Initializers carry the PyTorch-style parameter names (<c>features.0.0.weight</c>); intermediate values are named
/// after the module that produces them. The graph is NCHW, as ONNX defines Conv, whatever layout the model runs in.
/// </para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The default-domain operator set the model declares.</summary>
    public const int OpsetVersion = 17;

    /// <summary>The ONNX IR version that goes with <see cref="OpsetVersion"/>.</summary>
    public const int IrVersion = 8;

    /// <summary>Builds the ONNX model.</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputShape">Input (N, C, H, W) the graph is traced for: it fixes every convolution's pads.</param>
    /// <param name="options">Names, dynamic batch, folding; null for the defaults.</param>
    /// <returns>The model message.</returns>
    /// <exception cref="ArgumentException">The shape does not fit the model.</exception>
    /// <exception cref="NotSupportedException">The model contains a module type the exporter does not know.</exception>
    public static ModelProto Export(Module model, ReadOnlySpan<int> inputShape, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= OnnxExportOptions.Default;
        if (string.IsNullOrWhiteSpace(options.InputName) || string.IsNullOrWhiteSpace(options.OutputName) || options.InputName == options.OutputName)
        {
            throw new ArgumentException(
                $"input name '{options.InputName}' and output name '{options.OutputName}' must be non-empty and different.", nameof(options));
        }

        var outputShape = model.Describe(inputShape).OutputShapeArray();

        var writer = new OnnxGraphWriter(options.FoldBatchNorm);
        var output = writer.Emit(model, string.Empty, options.InputName, inputShape.ToArray());
        writer.RenameOutput(output, options.OutputName);

        var graph = writer.Graph;
        graph.Name = model.GetType().Name;
        var batch = options.DynamicBatch ? "N" : null;
        graph.Input.Add(OnnxProto.TensorValue(options.InputName, inputShape, batch));
        graph.Output.Add(OnnxProto.TensorValue(options.OutputName, outputShape, batch));

        var result = new ModelProto { IrVersion = IrVersion, ProducerName = "Depthwise", ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? string.Empty, Graph = graph };
        result.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        return result;
    }

    /// <summary>Builds the ONNX model and serializes it.</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputShape">Input (N, C, H, W) the graph is traced for.</param>
    /// <param name="options">Names, dynamic batch, folding; null for the defaults.</param>
    /// <returns>The bytes of the .onnx file.</returns>
    /// <exception cref="ArgumentException">The shape does not fit the model.</exception>
    /// <exception cref="NotSupportedException">The model contains a module type the exporter does not know.</exception>
    public static byte[] ExportBytes(Module model, ReadOnlySpan<int> inputShape, OnnxExportOptions? options = null) =>
        Export(model, inputShape, options).ToByteArray();

    /// <summary>Writes the .onnx file (to a temporary file first, so a failure never leaves half a file at <paramref name="path"/>).</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputShape">Input (N, C, H, W) the graph is traced for.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="options">Names, dynamic batch, folding; null for the defaults.</param>
    /// <returns>The model message that was written.</returns>
    /// <exception cref="ArgumentException">The shape does not fit the model.</exception>
    /// <exception cref="NotSupportedException">The model contains a module type the exporter does not know.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static ModelProto Save(Module model, ReadOnlySpan<int> inputShape, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = Export(model, inputShape, options);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = File.Create(temporary))
            {
                proto.WriteTo(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return proto;
    }
}
