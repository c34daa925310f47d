using System.Threading.Channels;

namespace Humas.Bot.Host;

/// <summary>
/// Lets an in-process writer wake a <see cref="RecurringWorker"/> at once instead of at its next poll
/// (polling stays, for work written elsewhere). Each worker has its own subclass so DI keeps them apart.
/// </summary>
public abstract class WorkSignal
{
    // Capacity 1, extra signals dropped: the worker only needs to know "look now", not how often. A wake
    // that arrives while the worker is busy is kept for its next wait.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Call after the work is committed.</summary>
    public void Wake() => _signal.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Wake"/> is called or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _signal.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Timed out: poll as before.
        }
    }
}
