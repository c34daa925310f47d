using System.Diagnostics;

namespace Humas.Bot.Host;

/// <summary>
/// A part's activity source (one per part, named <c>Humas.Bot.Part</c>), held by a singleton so no part keeps
/// static state. <see cref="Observability"/> listens to every such source when traces are exported; without a
/// listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs next to nothing.
/// </summary>
public abstract class PartTracing(string part) : IDisposable
{
    public ActivitySource Source { get; } = new(Observability.NamePrefix + part);

    public void Dispose() => Source.Dispose();
}
