using System.Diagnostics;

namespace Humas.Bot.Tests.Support;

/// <summary>The tests' one wait for a condition (never a fixed sleep): polls it until it holds, failing with what was awaited.</summary>
public static class Eventually
{
    /// <summary>
    /// The deadline only turns a hang into a failure, so it is generous: a loaded 2-core CI run took over 15 s for a
    /// first reply after start-up.
    /// </summary>
    private static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? patience = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, patience);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var limit = patience ?? DefaultPatience;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(Poll);
        }
    }
}
