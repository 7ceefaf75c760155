namespace EqNet.Discovery;

/// <summary>Candidates that no other beats on both complexity and held-out p99, and the one chosen.</summary>
public static class ParetoFront
{
    /// <summary>Held-out p99 at or below which a formula counts as exact (the suite's recovery criterion).</summary>
    public const double Exact = 1e-12;

    /// <summary>The front, simplest first: each member has a lower held-out p99 than every simpler one.</summary>
    public static List<FormulaCandidate> Of(IEnumerable<FormulaCandidate> candidates)
    {
        var front = new List<FormulaCandidate>();
        foreach (var c in candidates.Where(c => !double.IsNaN(c.HeldOutP99)).OrderBy(c => c.Complexity).ThenBy(c => c.HeldOutP99))
        {
            if (front.Count == 0 || c.HeldOutP99 < front[^1].HeldOutP99) front.Add(c);
        }
        return front;
    }

    /// <summary>The simplest exact member of the front, else the most accurate one; null for an empty front.</summary>
    public static FormulaCandidate? Choose(IReadOnlyList<FormulaCandidate> front) =>
        front.FirstOrDefault(c => c.HeldOutP99 <= Exact) ?? front.OrderBy(c => c.HeldOutP99).FirstOrDefault();
}
