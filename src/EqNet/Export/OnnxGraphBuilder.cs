using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace EqNet.Export;

/// <summary>Builds an ONNX graph node by node through the ONNX schema's protobuf classes (OnnxSharp); names every value uniquely.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly bool float32Network;

    public OnnxGraphBuilder(bool float32Network)
    {
        this.float32Network = float32Network;
        Nodes = Graph;
    }

    /// <summary>ONNX TensorProto.DataType codes.</summary>
    public const int Float = 1, Int64 = 7, Bool = 9, Double = 11;

    private int _next;

    public GraphProto Graph { get; } = new();

    /// <summary>The graph new nodes go to: <see cref="Graph"/>, or a loop's body while it is built (constants stay in <see cref="Graph"/>, which the body sees).</summary>
    public GraphProto Nodes { get; set; } = null!;

    /// <summary>Element type of the network's layers.</summary>
    public int NetworkType => float32Network ? Float : Double;

    public string Name(string hint) => $"{hint}_{_next++}";

    /// <summary>A float64 constant of shape <paramref name="dims"/> (a scalar broadcasts when dims is [1]).</summary>
    public string Constant(ReadOnlySpan<double> values, params long[] dims) => Constant(values, Double, dims);

    /// <summary>A constant in the network's type.</summary>
    public string NetworkConstant(ReadOnlySpan<double> values, params long[] dims) => Constant(values, NetworkType, dims);

    public string Scalar(double value) => Constant([value], 1);

    private string Constant(ReadOnlySpan<double> values, int type, long[] dims)
    {
        var tensor = new TensorProto { Name = Name("c"), DataType = type };
        tensor.Dims.AddRange(dims);
        if (type == Double) tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        else
        {
            var singles = new float[values.Length];
            for (int i = 0; i < values.Length; i++) singles[i] = (float)values[i];
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(singles.AsSpan()));
        }
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A scalar (rank 0) int64 or bool constant, as Loop's trip count and condition take them.</summary>
    public string ScalarOf(long value, int type)
    {
        var tensor = new TensorProto { Name = Name("s"), DataType = type };
        if (type == Int64) tensor.Int64Data.Add(value);
        else tensor.Int32Data.Add((int)value);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Indices(params long[] values)
    {
        var tensor = new TensorProto { Name = Name("i"), DataType = Int64 };
        tensor.Dims.Add(values.Length);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds node <paramref name="op"/> and returns its (first) output.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Name(op) };
        node.Input.AddRange(inputs);
        string output = Name(op.ToLowerInvariant());
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Nodes.Node.Add(node);
        return output;
    }

    public string Unary(string op, string x) => Node(op, [x]);

    public string Binary(string op, string a, string b) => Node(op, [a, b]);

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A value of element type <paramref name="type"/> and unstated shape (a loop body's inputs and outputs).</summary>
    public static ValueInfoProto Value(string name, int type) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type } } };

    /// <summary>A scalar (rank 0) of element type <paramref name="type"/>: a loop body's iteration number and condition.</summary>
    public static ValueInfoProto ScalarValue(string name, int type) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = new TensorShapeProto() } } };

    /// <summary>A graph input or output: elem type, shape [N, width] with a symbolic N.</summary>
    public static ValueInfoProto Matrix(string name, int type, long width, string doc)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            DocString = doc,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = shape } },
        };
    }
}
