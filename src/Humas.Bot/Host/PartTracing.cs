using System.Diagnostics;

namespace Humas.Bot.Host;

/// <summary>
/// A part's activity source (one per part, named <c>Humas.Bot.Part</c>), held by a singleton so no part keeps
/// static state. <see cref="Observability"/> listens to every such source. With export off its sampler drops
/// every trace, but the SDK still creates an unrecorded activity where a trace starts (to carry the trace id
/// on); a span on a hot path sets its tags only when <see cref="Activity.IsAllDataRequested"/>.
/// </summary>
public abstract class PartTracing(string part) : IDisposable
{
    public ActivitySource Source { get; } = new(Observability.NamePrefix + part);

    public void Dispose() => Source.Dispose();
}
