using System.Collections.Concurrent;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Delivery;

/// <summary>Thrown by <see cref="TestChannel"/> when scripted; <see cref="TestChannel.Classify"/> returns its failure.</summary>
public sealed class ScriptedFailureException(DeliveryFailure failure) : Exception(failure.Reason)
{
    public DeliveryFailure Failure { get; } = failure;
}

/// <summary>
/// An in-process channel: records every call with the test clock's time, and fails when the script says so.
/// The script sees the call ("send", "edit", "delete") and the address and returns a failure or null.
/// </summary>
public sealed class TestChannel(TimeProvider time, string name = "test") : IDeliveryChannel
{
    private int _nextId;

    public sealed record Call(string Operation, ConversationAddress To, OutboundMessage? Message, string? MessageId, DateTimeOffset At, bool Ok);

    public string Name { get; } = name;

    public ChannelRateLimits RateLimits { get; set; } = ChannelRateLimits.Unlimited;

    public int MaxMessageLength { get; set; } = 4096;

    public Func<string, ConversationAddress, DeliveryFailure?> Script { get; set; } = (_, _) => null;

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Send attempts, failed ones included.</summary>
    public IReadOnlyList<Call> Sends => Calls.Where(c => c.Operation == "send").ToList();

    /// <summary>Sends the platform accepted.</summary>
    public IReadOnlyList<Call> Delivered => Calls.Where(c => c.Operation == "send" && c.Ok).ToList();

    /// <summary>Awaited before a send reaches the platform: a test holds one send in flight with it.</summary>
    public Func<ConversationAddress, Task> Hold { get; set; } = _ => Task.CompletedTask;

    public async Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        await Hold(to);
        Record("send", to, message, null);
        return new SentMessage($"m{Interlocked.Increment(ref _nextId)}");
    }

    public Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct)
    {
        Record("edit", to, message, messageId);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct)
    {
        Record("delete", to, null, messageId);
        return Task.CompletedTask;
    }

    public DeliveryFailure Classify(Exception error) =>
        error is ScriptedFailureException s ? s.Failure : new DeliveryFailure.Transient(error.Message);

    private void Record(string operation, ConversationAddress to, OutboundMessage? message, string? messageId)
    {
        // Attempts that fail are recorded too: a 429 still reached the platform.
        var failure = Script(operation, to);
        Calls.Enqueue(new Call(operation, to, message, messageId, time.GetUtcNow(), failure is null));
        if (failure is not null)
        {
            throw new ScriptedFailureException(failure);
        }
    }
}
