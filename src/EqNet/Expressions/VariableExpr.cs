namespace EqNet.Expressions;

/// <summary>A reference to a variable by name.</summary>
public sealed class VariableExpr : Expr
{
    /// <summary>Creates a reference to <paramref name="name"/>.</summary>
    /// <remarks>
    /// A name that also spells a constant or function (<see cref="Identifiers.Reserved"/>) is allowed: a problem's
    /// declared inputs and outputs shadow them (see <see cref="Expr.Parse(string, IReadOnlySet{string})"/>).
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not an identifier.</exception>
    public VariableExpr(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Identifiers.IsIdentifier(name))
        {
            throw new ArgumentException($"'{name}' is not a valid variable name: use letters, digits and '_', not starting with a digit", nameof(name));
        }

        Name = name;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override bool Equals(Expr? other) => other is VariableExpr v && string.Equals(v.Name, Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);
}
