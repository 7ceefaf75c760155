using System.Text.RegularExpressions;

namespace EqNet.Tests.Architecture;

/// <summary>
/// The library's namespaces form layers: each may use the ones below it, none the ones above. A cycle makes two
/// namespaces one in all but name, so neither can be read, tested or moved alone; this test names any cycle the
/// source text of src/EqNet shows.
/// </summary>
public class NamespaceCycleTests
{
    [Fact]
    public void TheLibrarysNamespacesHaveNoCycle()
    {
        var graph = NamespaceGraph.Read(Path.Combine(TestProblems.RepositoryRoot, "src", "EqNet"));
        var cycles = NamespaceGraph.Cycles(graph.Keys, n => graph[n].Keys);
        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles.Select(c => Describe(c, graph))));
    }

    [Fact]
    public void TheGraphHoldsTheLayersItShouldSee()
    {
        var graph = NamespaceGraph.Read(Path.Combine(TestProblems.RepositoryRoot, "src", "EqNet"));
        // A reader that found nothing would pass the cycle test vacuously: these edges come from a using line, a
        // partly qualified name and a cref.
        Assert.Contains("EqNet.Solving", graph["EqNet.Symbolic"].Keys);
        Assert.Contains("EqNet.Symbolic", graph["EqNet.Sampling"].Keys);
        Assert.Contains("EqNet.Structure", graph["EqNet.Training"].Keys);
    }

    [Fact]
    public void TheReaderCountsUsingsQualifiedNamesAndCrefsButNotCommentsOrStrings()
    {
        var files = new Dictionary<string, string>
        {
            ["A/One.cs"] = """
                using EqNet.B;
                namespace EqNet.A;
                /// <summary>See <see cref="EqNet.C.Gamma"/>.</summary>
                public class One { }
                """,
            ["B/Two.cs"] = """
                namespace EqNet.B;
                // EqNet.A.One is only mentioned here
                public class Two { string S = "EqNet.A.One"; int N => D.Delta.Count + Items.Count; }
                """,
            ["C/Three.cs"] = "namespace EqNet.C;\npublic class Gamma { }\n",
            ["D/Four.cs"] = "namespace EqNet.D;\npublic static class Delta { public static int Count => 1; }\n",
            ["Items/Five.cs"] = "namespace EqNet.Items;\npublic class Item { }\n",
        };
        var graph = NamespaceGraph.Build(files);
        Assert.Equal(new[] { "EqNet.B", "EqNet.C" }, graph["EqNet.A"].Keys.Order());
        // Items.Count is a property: Count is no type of EqNet.Items, so it is no reference to that namespace.
        Assert.Equal(new[] { "EqNet.D" }, graph["EqNet.B"].Keys);
    }

    [Fact]
    public void TarjanFindsEachCycleOnceAndNothingElse()
    {
        var edges = new Dictionary<string, string[]>
        {
            ["a"] = ["b"],
            ["b"] = ["c"],
            ["c"] = ["a", "d"],
            ["d"] = ["e"],
            ["e"] = ["d"],
            ["f"] = ["a"],
        };
        var cycles = NamespaceGraph.Cycles(edges.Keys, n => edges[n]);
        Assert.Equal(new[] { "a,b,c", "d,e" }, cycles.Select(c => string.Join(",", c.Order())).Order());
        Assert.Empty(NamespaceGraph.Cycles(["x", "y"], n => n == "x" ? ["y"] : []));
    }

    private static string Describe(IReadOnlyList<string> cycle, IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>> graph) =>
        string.Join(", ", from a in cycle
                          from b in cycle
                          where graph[a].ContainsKey(b)
                          select $"{a} -> {b} ({string.Join(", ", graph[a][b])})");
}

/// <summary>
/// Which namespace uses which, read from C# source text: a file's namespace uses every namespace it names in a
/// <c>using</c> line, a cref, or a qualified name (<c>EqNet.X.Type</c>, or <c>X.Type</c> written inside EqNet) whose
/// next part is a type that namespace declares, so a property named like a namespace is not counted.
/// </summary>
/// <remarks>
/// Names of the root namespace <c>EqNet</c> (the facade <c>Surrogate</c>, <c>EqNetInfo</c>) are seen from every child
/// namespace without a using, so the text cannot tell those uses; edges into the root are left out. Comments other
/// than crefs, and string literals, are removed first.
/// </remarks>
internal static partial class NamespaceGraph
{
    /// <summary>Namespace -> namespaces it uses -> the files (relative paths) that use them.</summary>
    public static Dictionary<string, Dictionary<string, SortedSet<string>>> Read(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText);
        return Build(files);
    }

    /// <summary>The graph of the given files (relative path -> source text).</summary>
    public static Dictionary<string, Dictionary<string, SortedSet<string>>> Build(IReadOnlyDictionary<string, string> files)
    {
        var namespaceOf = new Dictionary<string, string>();
        var types = new Dictionary<string, HashSet<string>>();
        foreach (var (path, text) in files)
        {
            if (NamespaceLine().Match(text) is not { Success: true } m) continue;
            string ns = m.Groups[1].Value;
            namespaceOf[path] = ns;
            if (!types.TryGetValue(ns, out var declared)) types[ns] = declared = [];
            foreach (Match t in TypeDeclaration().Matches(Code(text))) declared.Add(t.Groups[1].Value);
        }
        var graph = types.Keys.ToDictionary(n => n, _ => new Dictionary<string, SortedSet<string>>());
        foreach (var (path, ns) in namespaceOf)
        {
            string text = files[path];
            var used = new HashSet<string?>();
            foreach (Match u in UsingLine().Matches(text))
            {
                string name = u.Groups[2].Value;
                used.Add(u.Groups[1].Success ? Resolve(name, types, typeFollows: false) : types.ContainsKey(name) ? name : null);
            }
            var qualified = CrefAttribute().Matches(text).Select(c => c.Groups[1].Value)
                .Concat(QualifiedName().Matches(Code(text)).Select(q => q.Groups[1].Value));
            foreach (string name in qualified)
                used.Add(Resolve(name.StartsWith("EqNet.", StringComparison.Ordinal) ? name : "EqNet." + name, types, typeFollows: true));
            foreach (string? target in used)
            {
                if (target is null || target == ns || target == "EqNet") continue;
                if (!graph[ns].TryGetValue(target, out var by)) graph[ns][target] = by = new SortedSet<string>(StringComparer.Ordinal);
                by.Add(path);
            }
        }
        return graph;
    }

    /// <summary>
    /// The longest declared namespace that <paramref name="name"/> starts with; with <paramref name="typeFollows"/>, only
    /// where the next part of the name is a type of it (a <c>using static</c> names the type last, too).
    /// </summary>
    private static string? Resolve(string name, Dictionary<string, HashSet<string>> types, bool typeFollows)
    {
        var parts = name.Split('.');
        for (int i = parts.Length - 1; i >= 1; i--)
        {
            string prefix = string.Join('.', parts[..i]);
            if (types.TryGetValue(prefix, out var declared) && (!typeFollows || declared.Contains(parts[i]))) return prefix;
        }
        return null;
    }

    /// <summary>The strongly connected components with more than one node (Tarjan), each a cycle of the graph.</summary>
    public static List<List<string>> Cycles(IEnumerable<string> nodes, Func<string, IEnumerable<string>> next)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var found = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in next(v))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string popped;
            do
            {
                popped = stack.Pop();
                onStack.Remove(popped);
                component.Add(popped);
            } while (popped != v);
            if (component.Count > 1) found.Add(component);
        }
        foreach (string v in nodes.ToArray()) if (!index.ContainsKey(v)) Visit(v);
        return found;
    }

    /// <summary>The text without comments and string or character literals, so only code is searched for names.</summary>
    private static string Code(string text) => NotCode().Replace(text, "");

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(static\s+)?(?:\w+\s*=\s*)?(EqNet(?:\.\w+)*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"cref=""([\w.]+)")]
    private static partial Regex CrefAttribute();

    [GeneratedRegex(@"(?<![\w.])((?:EqNet\.)?[A-Z]\w*(?:\.\w+)+)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"""""""[\s\S]*?""""""|@""(?:[^""]|"""")*""|\$?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'|//[^\n]*|/\*[\s\S]*?\*/")]
    private static partial Regex NotCode();
}
