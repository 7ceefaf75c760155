using EqNet.Models;

namespace EqNet.Tests.Models;

public class NetworkPartsTests
{
    [Fact]
    public void Outputs_composed_from_two_networks_keep_each_outputs_predictions()
    {
        OutputHead[] first = [OutputHead.For("a", 0, null), OutputHead.For("b", null, null)];
        var one = new MagnitudeShapeNetwork(3, [4], 2, 1, first);
        var two = new MagnitudeShapeNetwork(3, [4], 2, 1, [OutputHead.For("c", -1, 1)]);
        double[] p1 = one.Initialize(1), p2 = two.Initialize(2);
        var (network, parameters) = NetworkParts.Compose([(two, p2, 0), (one, p1, 1), (one, p1, 0)]);
        Assert.Equal(["c", "b", "a"], network.Heads.Select(h => h.Name));
        double[] features = [0.3, -0.2, 1.1, -1, 0.5, 0.25];
        double[] y1 = new double[4], y2 = new double[2], y = new double[6];
        one.Predict(p1, features, 2, y1);
        two.Predict(p2, features, 2, y2);
        network.Predict(parameters, features, 2, y);
        for (int i = 0; i < 2; i++) Assert.Equal([y2[i], y1[i * 2 + 1], y1[i * 2]], y.AsSpan(i * 3, 3).ToArray());
    }
}
