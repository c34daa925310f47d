using System.Diagnostics;

namespace Humas.Bot.Benchmarks;

/// <summary>
/// Registered between two parts' AddXxx() calls, it notes when the host's sequential "starting" phase reaches
/// it: the migrator's StartingAsync runs before it, the source catalog's after it, so two probes split
/// StartAsync into migrations and catalog sync without touching either part.
/// </summary>
internal sealed class StartupProbe : IHostedLifecycleService
{
    private long _reached;

    public long Reached => Interlocked.Read(ref _reached);

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _reached, Stopwatch.GetTimestamp(), 0);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
