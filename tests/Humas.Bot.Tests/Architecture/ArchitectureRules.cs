using System.Reflection;
using NetArchTest.Rules;

namespace Humas.Bot.Tests.Architecture;

/// <summary>
/// The layout's two rules, as functions of an assembly and its root namespace so the tests can also run them
/// against small in-test type sets that break them (and see them fail).
/// </summary>
public static class ArchitectureRules
{
    /// <summary>The core: no type here may depend on a channel.</summary>
    public static readonly string[] CoreFolders =
        ["Ingestion", "Delivery", "Feedback", "Tips", "Subscriptions", "Conversations", "Storage", "Publishing", "Admin", "Host", "Localization",
         "Links", "Search", "Cli", "Demo"];

    /// <summary>Types of the core folders that depend on a <c>Channels</c> namespace, as "Type -> folder".</summary>
    public static IReadOnlyList<string> CoreTypesUsingChannels(Assembly assembly, string root, IEnumerable<string>? core = null)
    {
        var failing = new List<string>();
        var types = Types.InAssembly(assembly);
        foreach (var folder in core ?? CoreFolders)
        {
            var result = types
                .That().ResideInNamespace($"{root}.{folder}")
                .ShouldNot().HaveDependencyOn($"{root}.Channels")
                .GetResult();
            failing.AddRange((result.FailingTypeNames ?? []).Select(t => $"{t} -> {root}.Channels"));
        }

        return failing;
    }

    /// <summary>
    /// Top-level types that depend on any of <paramref name="clients"/> (types or namespaces), nested and
    /// compiler-generated types (async state machines, lambdas) counted as their outermost type.
    /// </summary>
    public static IReadOnlyList<string> TypesUsing(Assembly assembly, params string[] clients) =>
        (Types.InAssembly(assembly).That().HaveDependencyOnAny(clients).GetTypes() ?? [])
            .Select(t => Outermost(t).FullName!)
            .Where(name => !clients.Contains(name, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Types under <c>{root}.Channels</c> that depend on any of <paramref name="coreEntryPoints"/> (the parts an
    /// inbound event reaches only through the router), counted as their outermost type.
    /// </summary>
    public static IReadOnlyList<string> AdaptersBypassing(Assembly assembly, string root, params string[] coreEntryPoints) =>
        TypesUsing(assembly, coreEntryPoints).Where(t => t.StartsWith(root + ".Channels.", StringComparison.Ordinal)).ToList();

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    /// <summary>Folder cycles among the first-level folders under <paramref name="root"/>, each as "A -> B -> A".</summary>
    public static IReadOnlyList<string> FolderCycles(Assembly assembly, string root)
    {
        var folders = assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(n => n![(root.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var edges = folders.ToDictionary(f => f, _ => new SortedSet<string>(StringComparer.Ordinal));
        // The assembly is read once (each read loads it anew); every pair's question is asked of that one read.
        var types = Types.InAssembly(assembly);
        foreach (var from in folders)
        {
            foreach (var to in folders.Where(t => t != from))
            {
                var dependent = types
                    .That().ResideInNamespace($"{root}.{from}")
                    .And().HaveDependencyOn($"{root}.{to}")
                    .GetTypes();
                if (dependent.Any())
                {
                    edges[from].Add(to);
                }
            }
        }

        // Every strongly connected component of more than one folder is a cycle; one path through it is reported.
        var cycles = new List<string>();
        foreach (var from in folders)
        {
            foreach (var to in edges[from])
            {
                if (string.CompareOrdinal(from, to) < 0 && Reaches(edges, to, from) is { } back)
                {
                    cycles.Add(string.Join(" -> ", new[] { from }.Concat(back)));
                }
            }
        }

        return cycles;
    }

    /// <summary>A path from <paramref name="start"/> to <paramref name="goal"/>, or null.</summary>
    private static List<string>? Reaches(Dictionary<string, SortedSet<string>> edges, string start, string goal)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var at))
        {
            if (at == goal)
            {
                var path = new List<string>();
                for (string? step = at; step is not null; step = previous[step])
                {
                    path.Insert(0, step);
                }

                return path;
            }

            foreach (var next in edges[at].Where(n => !previous.ContainsKey(n)))
            {
                previous[next] = at;
                queue.Enqueue(next);
            }
        }

        return null;
    }
}
