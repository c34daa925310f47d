using System.Text.Json.Nodes;

namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>
/// The updates waiting for getUpdates, with Telegram's offset rules: an offset confirms (drops) every
/// update below it; a negative offset keeps only that many from the end. A long poll waits for the next
/// push or its timeout; a newer poll ends an older one with 409, as two bot instances would see.
/// </summary>
internal sealed class UpdateQueue(TimeProvider time)
{
    private readonly List<(long Id, string Json)> _pending = [];
    private long _nextId = 1;
    private TaskCompletionSource _arrived = NewSignal();
    private CancellationTokenSource? _activePoll;

    public long Enqueue(string updateJson)
    {
        var node = JsonNode.Parse(updateJson)?.AsObject() ?? throw new ArgumentException("An update must be a JSON object.", nameof(updateJson));
        TaskCompletionSource arrived;
        long id;
        lock (_pending)
        {
            id = node["update_id"]?.GetValue<long>() ?? _nextId;
            _nextId = Math.Max(_nextId, id + 1);
            node["update_id"] = id;
            _pending.Add((id, node.ToJsonString()));
            arrived = _arrived;
            _arrived = NewSignal();
        }

        arrived.TrySetResult();
        return id;
    }

    public int PendingCount
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>True while a getUpdates call is being held open.</summary>
    public bool IsHoldingPoll
    {
        get
        {
            lock (_pending)
            {
                return _activePoll is not null;
            }
        }
    }

    /// <summary>The updates as a JSON array, or null when a newer poll took over (answer 409).</summary>
    public async Task<string?> TakeAsync(long? offset, int limit, TimeSpan wait, CancellationToken aborted)
    {
        using var mine = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        lock (_pending)
        {
            _activePoll?.Cancel();
            _activePoll = mine;
        }

        try
        {
            var deadline = time.GetUtcNow() + wait;
            while (true)
            {
                Task arrived;
                lock (_pending)
                {
                    Confirm(offset);
                    if (_pending.Count > 0 || time.GetUtcNow() >= deadline)
                    {
                        return "[" + string.Join(',', _pending.Take(Math.Clamp(limit, 1, 100)).Select(u => u.Json)) + "]";
                    }

                    arrived = _arrived.Task;
                }

                var remaining = deadline - time.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    await Task.WhenAny(arrived, Task.Delay(remaining, time, mine.Token)).ConfigureAwait(false);
                }

                if (mine.IsCancellationRequested)
                {
                    aborted.ThrowIfCancellationRequested();
                    return null;
                }
            }
        }
        finally
        {
            lock (_pending)
            {
                if (ReferenceEquals(_activePoll, mine))
                {
                    _activePoll = null;
                }
            }
        }
    }

    private void Confirm(long? offset)
    {
        if (offset is > 0)
        {
            _pending.RemoveAll(u => u.Id < offset.Value);
        }
        else if (offset is < 0)
        {
            var keep = (int)Math.Min(-offset.Value, _pending.Count);
            _pending.RemoveRange(0, _pending.Count - keep);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
