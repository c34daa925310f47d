using System.Threading.Channels;

namespace Humas.Bot.Delivery.FanOut;

/// <summary>
/// Lets an in-process writer of a "published" event (the publish API, after its commit) wake the fan-out
/// service at once instead of at its next one-second poll. Polling stays: ingestion may run elsewhere.
/// </summary>
public sealed class FanOutWake
{
    // Capacity 1, extra signals dropped: the service only needs to know "look now", not how often.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Call after the event is committed.</summary>
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
