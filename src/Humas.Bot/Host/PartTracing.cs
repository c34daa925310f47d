using System.Diagnostics;

namespace Humas.Bot.Host;

/// <summary>
/// A part's activity source (one per part, named <c>Humas.Bot.Part</c>), held by a singleton so no part keeps
/// static state. <see cref="Observability"/> listens to every such source while traces are exported (with export
/// off nothing listens and no activity is created). A trace the sampler leaves out (<c>TraceSampleRatio</c> below
/// 1) still gets an unrecorded activity where it starts, to carry the trace id on; a span on a hot path sets its
/// tags only when <see cref="Activity.IsAllDataRequested"/>.
/// </summary>
public abstract class PartTracing(string part) : IDisposable
{
    public ActivitySource Source { get; } = new(Observability.NamePrefix + part);

    public void Dispose() => Source.Dispose();
}
