namespace Humas.Bot.Tips.Attachments;

/// <summary>Wakes the attachment fetcher when a tip is submitted, so files fill in within moments rather than at the next poll.</summary>
public sealed class TipWorkSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }

    /// <summary>Completes at the next <see cref="Notify"/>, or after <paramref name="timeout"/> on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        Task signalled;
        lock (_gate)
        {
            signalled = _next.Task;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, cts.Token);
        await Task.WhenAny(signalled, delay);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
