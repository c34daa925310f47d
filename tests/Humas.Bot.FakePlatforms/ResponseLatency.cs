using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms;

/// <summary>
/// A round trip to a far platform, played by a fake on loopback: every answer leaves
/// <see cref="Fixed"/> plus a uniformly drawn 0..<see cref="Jitter"/> after its request arrived. The request
/// is handled on arrival (recorded, counted against the rate windows) and only its answer waits, on a timer,
/// so a thousand waiting answers hold no thread. A handler that takes longer than the drawn delay (a held
/// long poll) is not delayed further.
/// </summary>
public sealed record ResponseLatency(TimeSpan Fixed, TimeSpan Jitter)
{
    public static readonly ResponseLatency None = new(TimeSpan.Zero, TimeSpan.Zero);

    public bool IsNone => Fixed <= TimeSpan.Zero && Jitter <= TimeSpan.Zero;

    /// <summary>From whole milliseconds, as the benchmark flags give them (<c>--latency-ms 150 --jitter-ms 20</c>).</summary>
    public static ResponseLatency FromMilliseconds(int fixedMs, int jitterMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fixedMs);
        ArgumentOutOfRangeException.ThrowIfNegative(jitterMs);
        return new ResponseLatency(TimeSpan.FromMilliseconds(fixedMs), TimeSpan.FromMilliseconds(jitterMs));
    }

    /// <summary>One request's delay: at least <see cref="Fixed"/>, at most <see cref="Fixed"/> + <see cref="Jitter"/>.</summary>
    public TimeSpan Draw() => Jitter <= TimeSpan.Zero ? Fixed : Fixed + Jitter * Random.Shared.NextDouble();

    /// <summary>
    /// Wraps <paramref name="handler"/> so each response starts no earlier than the drawn delay after the
    /// request arrived (measured on <paramref name="time"/>).
    /// </summary>
    public RequestDelegate Wrap(RequestDelegate handler, TimeProvider time)
    {
        if (IsNone)
        {
            return handler;
        }

        return context =>
        {
            var due = time.GetTimestamp() + (long)(Draw().TotalSeconds * time.TimestampFrequency);
            // OnStarting runs before the first byte of the answer (or at the end for an answer with no body),
            // after the handler has done its work: the wait is for the answer, not the handling.
            context.Response.OnStarting(() => WaitUntilAsync(due, time, context.RequestAborted));
            return handler(context);
        };
    }

    private static async Task WaitUntilAsync(long due, TimeProvider time, CancellationToken aborted)
    {
        // Until the clock says so: a timer can fire a millisecond or two early, and the delay is a lower bound.
        long remaining;
        while ((remaining = due - time.GetTimestamp()) > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(remaining / (double)time.TimestampFrequency), time, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client went away; there is no one left to answer.
                return;
            }
        }
    }
}
