namespace EqNet.Tests;

/// <summary>Tests that measure the whole process (allocated bytes, timing) run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "serial";
}
