namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>One webhook's chance to carry its press's answer (see <see cref="TelegramWebhookReplies"/>).</summary>
public sealed class TelegramWebhookReply : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Action<TelegramWebhookReply> _remove;
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool>? _offer;
    private string? _text;
    private bool _closed;

    internal TelegramWebhookReply(string queryId, Action<TelegramWebhookReply> remove)
    {
        QueryId = queryId;
        _remove = remove;
    }

    public string QueryId { get; }

    /// <summary>
    /// Ends the webhook's wait early when the answer on arrival is over without an answer (nothing to answer on
    /// arrival, a read that failed): <paramref name="answering"/> is what the arrival started.
    /// </summary>
    public void SettleWith(Task answering) =>
        answering.ContinueWith(static (_, settled) => ((TaskCompletionSource)settled!).TrySetResult(), _settled, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Waits until an answer is offered or the arrival is over without one, at most <paramref name="patience"/>.</summary>
    public async Task WaitAsync(TimeSpan patience, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await _settled.Task.WaitAsync(patience, time, ct);
        }
        catch (TimeoutException)
        {
            // The response goes without the answer; an offer from now on is refused and sent by request.
        }
    }

    /// <summary>Closes the reply and takes the answer offered, if any (its offer then reports it taken).</summary>
    public bool TryTake(out string? text)
    {
        TaskCompletionSource<bool>? offer;
        lock (_lock)
        {
            _closed = true;
            offer = _offer;
            text = _text;
        }

        if (offer is null)
        {
            return false;
        }

        offer.TrySetResult(true);
        return true;
    }

    internal Task<bool> Offer(string? text)
    {
        TaskCompletionSource<bool> offer;
        lock (_lock)
        {
            if (_closed || _offer is not null)
            {
                return Task.FromResult(false);
            }

            _offer = offer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _text = text;
        }

        _settled.TrySetResult();
        return offer.Task;
    }

    /// <summary>Closes the reply without taking its answer (storing failed, or it was taken already): an offer still waiting is refused.</summary>
    public void Dispose()
    {
        TaskCompletionSource<bool>? offer;
        lock (_lock)
        {
            _closed = true;
            offer = _offer;
        }

        offer?.TrySetResult(false);
        _remove(this);
    }
}
