using System.Diagnostics;
using System.Runtime;

namespace Humas.Bot.Benchmarks;

/// <summary>
/// After a warm-up: the runtime recompiles hot methods optimised some time after their calls, on the same cores as
/// the work, so a measurement started at once would still pay for the warm-up.
/// </summary>
public static class JitSettle
{
    /// <summary>
    /// Waits until the JIT compiled fewer than 20 methods in a second, at most a minute; returns the wait. A quick
    /// run (the smoke) does not wait: it checks that the verb runs, not what it measures.
    /// </summary>
    public static async Task<double> WaitAsync(bool quick)
    {
        var watch = Stopwatch.StartNew();
        var before = JitInfo.GetCompiledMethodCount();
        while (!quick && watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(1000);
            var now = JitInfo.GetCompiledMethodCount();
            if (now - before < 20)
            {
                break;
            }

            before = now;
        }

        return Math.Round(watch.Elapsed.TotalSeconds, 1);
    }

    /// <summary>The JIT's work from now on: methods compiled and milliseconds spent (<see cref="Since"/>).</summary>
    public static (long Methods, TimeSpan Time) Mark() => (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    public static object Since((long Methods, TimeSpan Time) mark) => new
    {
        MethodsCompiled = JitInfo.GetCompiledMethodCount() - mark.Methods,
        CompilationMs = Math.Round((JitInfo.GetCompilationTime() - mark.Time).TotalMilliseconds),
    };
}
