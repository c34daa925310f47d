using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Humas.Bot.Benchmarks.Smoke;

/// <summary>
/// <c>smoke</c>: every benchmark verb at a tiny size, each as a child process of this same program, exactly as
/// an operator would start it. A verb passes when it exits 0 and its stdout is one JSON document naming the
/// benchmark. No timing is judged: the point is that a benchmark which no longer starts fails the test run
/// (test.sh counts each verb as one test). Prints one JSON document; exit code 1 when any verb failed.
/// </summary>
public static class SmokeRun
{
    public const string Usage = """
          smoke [--only VERB[,VERB]] [--parallel N] [--timeout-seconds S]
                                         every verb above at a tiny size (grammY peers skipped), each a child
                                         process, N at a time (default 2: most of a tiny run is waiting);
                                         checks each exits 0 and prints its JSON (never a timing)
        """;

    /// <summary>The verbs and their tiny sizes. The internal serve-* verbs run as children of these.</summary>
    public static readonly IReadOnlyList<(string Verb, string[] Args)> Verbs =
    [
        ("polling", ["--sources", "20", "--cycles", "1", "--changed-percent", "10", "--feeds-per-host", "5"]),
        ("delivery-throughput", ["--quick", "--subscribers", "50", "--warmup", "20", "--no-peer"]),
        ("delivery-fidelity", ["--subscribers", "20", "--no-peer"]),
        ("fanout", ["--subscribers", "200"]),
        ("paid-broadcast", ["--quick", "--subscribers", "100", "--warmup", "20", "--no-peer", "--latency-ms", "20", "--jitter-ms", "5"]),
        ("votes", ["--quick", "--articles", "1", "--chats", "5", "--presses", "20", "--warmup", "10", "--clients", "4"]),
        ("publish-latency", ["--subscribers", "5", "--samples", "2"]),
        ("welcomes", ["--subscribers", "30", "--welcomes", "3"]),
        ("teams-fanout", ["--subscribers", "20"]),
        ("whatsapp-fanout", ["--quick", "--subscribers", "20"]),
        ("scale-out", ["--readers", "20", "--instances", "1"]),
        ("search", ["--articles", "200", "--queries", "3"]),
        ("clicks", ["--requests", "50", "--concurrency", "4"]),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private sealed record VerbResult(string Verb, string Arguments, bool Passed, int? ExitCode, double Seconds, string? Benchmark, string? Error);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var timeout = TimeSpan.FromMinutes(10);
        var parallel = 2;
        HashSet<string>? only = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--only" when i + 1 < args.Count:
                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                    break;
                case "--parallel" when i + 1 < args.Count:
                    parallel = Math.Max(1, int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--timeout-seconds" when i + 1 < args.Count:
                    timeout = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"unknown smoke option {args[i]}");
            }
        }

        var selected = Verbs.Where(v => only is null || only.Contains(v.Verb)).ToList();
        if (only is not null && selected.Count != only.Count)
        {
            throw new ArgumentException($"unknown verb in --only; known: {string.Join(", ", Verbs.Select(v => v.Verb))}");
        }

        var total = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(parallel);
        var results = await Task.WhenAll(selected.Select(async v =>
        {
            await slots.WaitAsync();
            try
            {
                await Console.Error.WriteLineAsync($"smoke: {v.Verb} {string.Join(' ', v.Args)}");
                var result = await RunVerbAsync(v.Verb, v.Args, timeout);
                await Console.Error.WriteLineAsync($"smoke: {v.Verb} {(result.Passed ? "passed" : "FAILED: " + result.Error)} ({result.Seconds:0.0} s)");
                return result;
            }
            finally
            {
                slots.Release();
            }
        }));

        var failed = results.Count(r => !r.Passed);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
        {
            Benchmark = "smoke",
            Machine = Delivery.DeliveryBenchmarks.Machine(),
            Passed = results.Length - failed,
            Parallel = parallel,
            Failed = failed,
            Seconds = Math.Round(total.Elapsed.TotalSeconds, 1),
            Verbs = results,
        }, Json));
        return failed == 0 ? 0 : 1;
    }

    private static async Task<VerbResult> RunVerbAsync(string verb, string[] verbArgs, TimeSpan timeout)
    {
        var arguments = string.Join(' ', verbArgs);
        var watch = Stopwatch.StartNew();
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add(verb);
        foreach (var a in verbArgs)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("DOTNET_DiagnosticPorts");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {verb}");
        // Its progress lines are kept only to explain a failure (the last few), not echoed.
        var tail = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(e.Data);
                if (tail.Count > 20)
                {
                    tail.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new VerbResult(verb, arguments, false, null, Seconds(watch), null, $"no exit within {timeout.TotalSeconds} s");
        }

        process.WaitForExit(); // drains the redirected stderr
        var output = await stdout;
        string StderrTail()
        {
            lock (tail)
            {
                return string.Join('\n', tail);
            }
        }

        if (process.ExitCode != 0)
        {
            return new VerbResult(verb, arguments, false, process.ExitCode, Seconds(watch), null, $"exit code {process.ExitCode}; stderr ends:\n{StderrTail()}");
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            var benchmark = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("benchmark", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
            return benchmark is null
                ? new VerbResult(verb, arguments, false, 0, Seconds(watch), null, "stdout is JSON but names no benchmark")
                : new VerbResult(verb, arguments, true, 0, Seconds(watch), benchmark, null);
        }
        catch (JsonException e)
        {
            var head = output.Length > 200 ? output[..200] + "…" : output;
            return new VerbResult(verb, arguments, false, 0, Seconds(watch), null, $"stdout is not one JSON document ({e.Message}): {head}");
        }
    }

    private static double Seconds(Stopwatch watch) => Math.Round(watch.Elapsed.TotalSeconds, 1);
}
