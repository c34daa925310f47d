using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// The one retry policy for transient failures: exponential backoff from BackoffBaseSeconds, capped at
/// BackoffCapSeconds, with "equal jitter" (half fixed, half random) so a platform outage does not end in
/// every delivery retrying in the same second.
/// </summary>
public sealed class RetryPolicy(IOptions<DeliveryOptions> options)
{
    public int MaxAttempts => options.Value.MaxAttempts;

    /// <summary>The wait after the <paramref name="attempt"/>-th failed attempt (1-based).</summary>
    public TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var exponential = o.BackoffBaseSeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(o.BackoffCapSeconds, exponential);
        return TimeSpan.FromSeconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
