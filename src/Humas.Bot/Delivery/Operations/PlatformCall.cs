using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Dispatch;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.RateLimiting;

namespace Humas.Bot.Delivery.Operations;

/// <summary>
/// One edit or delete on the platform under the same limiter and retry policy as sends, waiting in place:
/// these are operator actions on already-sent messages, not outbox rows.
/// </summary>
internal sealed class PlatformCall(RateLimiterRegistry limiters, RetryPolicy retry, TimeProvider time)
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    /// <summary>Null on success, else the failure that ended the tries.</summary>
    public async Task<DeliveryFailure?> RunAsync(
        IDeliveryChannel channel, ConversationAddress to, DeliveryPriority priority, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        var limiter = limiters.For(channel);
        for (var attempt = 1; ; attempt++)
        {
            if (await limiter.AcquireAsync(to, priority, LongestWait, ct) is { } tooLong)
            {
                return new DeliveryFailure.Transient($"rate limit wait of {tooLong} is too long");
            }

            try
            {
                await call(ct);
                return null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                var failure = channel.Classify(e);
                switch (failure)
                {
                    case DeliveryFailure.RetryAfter r:
                        limiter.Pause(r.Scope, to, r.Delay);
                        attempt--;
                        break;
                    case DeliveryFailure.Transient when attempt < retry.MaxAttempts:
                        await Task.Delay(retry.Backoff(attempt), time, ct);
                        break;
                    default:
                        return failure;
                }
            }
        }
    }
}
