using EqNet.Problems;

namespace EqNet.Models;

/// <summary>
/// The equations' part of a problem that mixes equations with outputs learned from measured data, and of its model:
/// evaluation measures a model on its equations, so it needs this part without depending on how the model was trained.
/// </summary>
public static class EquationPart
{
    /// <summary>
    /// <paramref name="problem"/> without the outputs learned from data alone (and without its data): what the equations
    /// determine. The same problem when it has no such outputs.
    /// </summary>
    public static Problem Of(Problem problem) => problem.DataOutputs.Count == 0 ? problem : problem with
    {
        Outputs = [.. problem.Outputs.Where(o => !problem.DataOutputs.Contains(o.Name))],
        DataOutputs = [],
        Data = DataSettings.Empty,
    };

    /// <summary>
    /// The part of a mixed problem's model its equations determine (a model of <see cref="Of(Problem)"/>), to evaluate
    /// on the equations; the model itself when it has no data outputs.
    /// </summary>
    public static EqNetModel Of(EqNetModel model)
    {
        var problem = model.Problem;
        if (problem.DataOutputs.Count == 0 || problem.IsDataOnly || model.Computed is not null) return model;
        var picks = model.Network.Heads.Select((h, j) => (h.Name, j)).Where(p => !problem.DataOutputs.Contains(p.Name))
            .Select(p => (model.Network, model.Parameters, p.j)).ToArray();
        var (network, parameters) = NetworkParts.Compose(picks);
        return new EqNetModel(Of(problem), model.Features, network, parameters,
            structure: [.. model.NetworkStructure.Where(s => !problem.DataOutputs.Contains(s.Output))]);
    }
}
