using Humas.Bot.Ingestion.Model;

namespace Humas.Bot.Ingestion.Polling;

/// <summary>
/// Told about every finished poll (after its commit), e.g. to keep a health history. <paramref name="before"/>
/// is the source as it was when the poll began. Must not throw; a failure is logged by the job.
/// </summary>
public interface ISourcePollObserver
{
    Task PolledAsync(Source before, PollReport report, CancellationToken cancellationToken);
}
