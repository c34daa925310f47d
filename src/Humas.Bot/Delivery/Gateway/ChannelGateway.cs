using System.Diagnostics;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.RateLimiting;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Delivery.Gateway;

/// <summary>
/// <see cref="IChannelGateway"/> over the registry of enabled channels, the shared limiters and the one retry
/// policy. How long a call may wait depends on who waits for it: a reader's answer or reply gives up after
/// <see cref="InteractiveWait"/> (the reader has moved on, and the inbox must not stall), an operator's recall
/// or a counter refresh waits up to an hour, the dispatcher says for itself.
/// </summary>
public sealed partial class ChannelGateway(
    ChannelRegistry channels,
    RateLimiterRegistry limiters,
    RetryPolicy retry,
    DeliveryMetrics metrics,
    TimeProvider time,
    ILogger<ChannelGateway> log) : IChannelGateway
{
    /// <summary>The longest a reader-facing call waits for a slot or a retry: inside the 15 s Teams gives an activity's request.</summary>
    public static readonly TimeSpan InteractiveWait = TimeSpan.FromSeconds(10);

    /// <summary>The longest any call waits for a slot or a retry (an operator's recall, a counter refresh): the longest 429 it waits out.</summary>
    public static readonly TimeSpan BackgroundWait = TimeSpan.FromHours(1);

    public IDeliveryChannel? Channel(string channel) => channels.Find(channel);

    public async Task<GatewayResult> TrySendAsync(
        ConversationAddress to, OutboundMessage message, SendPriority priority, TimeSpan maxWait, DateTime? startBy, CancellationToken ct)
    {
        if (channels.Find(to.Channel) is not { } channel)
        {
            return new GatewayResult.NoChannel(to.Channel);
        }

        var limiter = limiters.For(channel, to);
        var (later, grantedAt) = await limiter.ReserveAsync(to, priority, maxWait, ct);
        if (later is { } wait)
        {
            return new GatewayResult.Later(wait);
        }

        if (startBy is { } by && time.GetUtcNow().UtcDateTime > by)
        {
            return new GatewayResult.Later(TimeSpan.Zero);
        }

        var started = Stopwatch.GetTimestamp();
        using var completed = new Completion(limiter, to, grantedAt);
        try
        {
            var sent = await channel.SendAsync(to, message, ct);
            metrics.Sent(channel.Name, Stopwatch.GetElapsedTime(started));
            return new GatewayResult.Done(sent);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return new GatewayResult.Failed(Note(channel, to, channel.Classify(e)), e);
        }
    }

    public Task<GatewayResult> SendAsync(ConversationAddress to, OutboundMessage message, SendPriority priority, CancellationToken ct) =>
        RunAsync(to, priority, counted: true, async (channel, token) => new GatewayResult.Done(await channel.SendAsync(to, message, token)), ct);

    public Task<GatewayResult> EditAsync(ConversationAddress to, string messageId, OutboundMessage message, SendPriority priority, CancellationToken ct) =>
        RunAsync(to, priority, counted: true, async (channel, token) =>
        {
            await channel.EditAsync(to, messageId, message, token);
            return new GatewayResult.Done();
        }, ct);

    public Task<GatewayResult> DeleteAsync(ConversationAddress to, string messageId, SendPriority priority, CancellationToken ct) =>
        RunAsync(to, priority, counted: true, async (channel, token) =>
        {
            await channel.DeleteAsync(to, messageId, token);
            return new GatewayResult.Done();
        }, ct);

    public Task<GatewayResult> AnswerAsync(ConversationAddress at, string answerId, string? text, CancellationToken ct) =>
        RunAsync(at, SendPriority.Interactive, counted: null, async (channel, token) =>
        {
            await channel.AnswerAsync(at, answerId, text, token);
            return new GatewayResult.Done();
        }, ct);

    public async Task<bool> MayManageAsync(ConversationAddress at, string userId, CancellationToken ct)
    {
        var may = false;
        var result = await RunAsync(at, SendPriority.Interactive, counted: false, async (channel, token) =>
        {
            may = await channel.MayManageAsync(at, userId, token);
            return new GatewayResult.Done();
        }, ct);
        return result.Succeeded && may;
    }

    /// <summary>
    /// Waits for a slot (when <paramref name="counted"/>; null = as the channel says for answers), calls, and
    /// on failure honours a 429 and retries transient errors within the priority's patience.
    /// </summary>
    private async Task<GatewayResult> RunAsync(
        ConversationAddress to, SendPriority priority, bool? counted, Func<IDeliveryChannel, CancellationToken, Task<GatewayResult>> call, CancellationToken ct)
    {
        if (channels.Find(to.Channel) is not { } channel)
        {
            return new GatewayResult.NoChannel(to.Channel);
        }

        var limited = counted ?? channel.AnswersAreLimited;
        var limiter = limiters.For(channel, to);
        var patience = priority <= SendPriority.Notice ? InteractiveWait : BackgroundWait;
        var giveUpAt = time.GetUtcNow() + patience;
        var attempts = priority <= SendPriority.Reply ? Math.Min(2, retry.MaxAttempts) : retry.MaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            var grantedAt = -1L;
            if (limited)
            {
                (var tooLong, grantedAt) = await limiter.ReserveAsync(to, priority, giveUpAt - time.GetUtcNow(), ct);
                if (tooLong is { } wait)
                {
                    return new GatewayResult.Later(wait);
                }
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                var done = await call(channel, ct);
                limiter.Completed(to, grantedAt);
                metrics.Sent(channel.Name, Stopwatch.GetElapsedTime(started));
                return done;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // Before any wait below: the failed call has reached the platform (or never will) by now.
                limiter.Completed(to, grantedAt);
                var failure = Note(channel, to, channel.Classify(e));
                switch (failure)
                {
                    case DeliveryFailure.RetryAfter r when time.GetUtcNow() + r.Delay <= giveUpAt:
                        attempt--;
                        if (!limited)
                        {
                            await Task.Delay(r.Delay, time, ct);
                        }

                        break;
                    case DeliveryFailure.Transient when attempt < attempts && time.GetUtcNow() + retry.Backoff(attempt) <= giveUpAt:
                        await Task.Delay(retry.Backoff(attempt), time, ct);
                        break;
                    default:
                        if (priority <= SendPriority.Notice)
                        {
                            LogNotDone(channel.Name, priority, to.ExternalId, failure.Reason);
                        }

                        return new GatewayResult.Failed(failure, e);
                }
            }
        }
    }

    /// <summary>
    /// Every 429 pauses the sender (or the conversation) for everyone, whichever call met it; a sender's pause also
    /// every other instance's (<see cref="RateLimiterRegistry.Pause"/>).
    /// </summary>
    private DeliveryFailure Note(IDeliveryChannel channel, ConversationAddress to, DeliveryFailure failure)
    {
        switch (failure)
        {
            case DeliveryFailure.RetryAfter r:
                limiters.Pause(channel, to, r.Scope, r.Delay);
                metrics.RateLimited(channel.Name, r.Scope.ToString());
                LogRateLimited(r.Scope, r.Delay, r.Reason);
                break;
            case DeliveryFailure.Transient:
                metrics.Failed(channel.Name, "transient");
                break;
            case DeliveryFailure.RecipientGone { MovedToExternalId: null }:
                metrics.Failed(channel.Name, "recipient_gone");
                break;
            case DeliveryFailure.MessageInvalid:
                metrics.Failed(channel.Name, "message_invalid");
                break;
        }

        return failure;
    }

    /// <summary>Tells the limiter when a granted call has completed, whichever way it ends (see SlidingWindowLog).</summary>
    private readonly struct Completion(ChannelRateLimiter limiter, ConversationAddress to, long grantedAt) : IDisposable
    {
        public void Dispose() => limiter.Completed(to, grantedAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} {Priority} call to {Conversation} not done: {Reason}")]
    private partial void LogNotDone(string channel, SendPriority priority, string conversation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limited ({Scope}) for {Delay}: {Reason}")]
    private partial void LogRateLimited(RateLimitScope scope, TimeSpan delay, string reason);
}
