using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Humas.Bot.Benchmarks.Delivery;

/// <summary>
/// benchmarks/peers/grammy/broadcast.js under node, against its own fresh fake (same options, same chat
/// ids as the engine's run). Installs the locked packages with <c>npm ci</c> when node_modules is missing.
/// </summary>
public static class GrammyPeer
{
    public static async Task<object> RunAsync(DeliveryBenchOptions o, string mode, bool limits, int concurrency = 64, int warmup = 0)
    {
        try
        {
            var directory = await PrepareAsync(o.PeerDirectory);

            await using var fake = await FakeTelegramHandle.StartAsync(limits, o.Latency);
            await Console.Error.WriteLineAsync($"grammY peer: {mode}, {o.Subscribers} chats{(limits ? ", fake enforcing 30/s and 1/s per chat" : "")}");
            var (exit, stdout, stderr) = await RunProcessAsync("node", [
                Path.Combine(directory, "broadcast.js"),
                "--api", fake.BaseUrl, "--token", fake.Token,
                "--first", EngineHost.FirstChatId.ToString(CultureInfo.InvariantCulture),
                "--count", o.Subscribers.ToString(CultureInfo.InvariantCulture),
                "--mode", mode,
                "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
                "--warmup", warmup.ToString(CultureInfo.InvariantCulture),
                "--warmup-first", (EngineHost.FirstChatId + DeliveryBenchmarks.WarmupChatOffset).ToString(CultureInfo.InvariantCulture),
            ], directory, TimeSpan.FromSeconds(Math.Max(600, o.Subscribers / 10)));
            if (exit != 0)
            {
                return new { Error = $"node exited with {exit}: {stderr.Trim()}" };
            }

            var own = JsonSerializer.Deserialize<JsonElement>(stdout.Trim().Split('\n').Last());
            var stats = await fake.StatsAsync(EngineHost.FirstChatId, o.Subscribers, DateTimeOffset.FromUnixTimeMilliseconds(own.GetProperty("measuredFromUnixMs").GetInt64()));
            return new
            {
                Peer = $"grammY {own.GetProperty("grammy").GetString()}",
                Mode = mode,
                Plugins = mode == "throttled" ? "@grammyjs/transformer-throttler 1.2.1 (defaults) + @grammyjs/auto-retry 2.0.2 (defaults)" : "none",
                Concurrency = own.GetProperty("concurrency").GetInt32(),
                Persisted = "nothing",
                Warmup = own.GetProperty("warmup").GetInt64(),
                WallSeconds = Round(own.GetProperty("seconds").GetDouble()),
                MessagesPerSecond = Round(own.GetProperty("messagesPerSecond").GetDouble()),
                PeerSent = own.GetProperty("sent").GetInt64(),
                PeerFailed = own.GetProperty("failed").GetInt64(),
                PeerErrors = own.GetProperty("errors"),
                Fake = stats,
                ShareOf30PerSecond = limits ? Round(stats.PacedPerSecond / 30) : (double?)null,
                TooManyRequestsPercent = Round(stats.TooManyRequestsPercent),
                Lost = stats.ChatsMissing,
                FakeCpuSeconds = Round(fake.CpuTime.TotalSeconds),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or TimeoutException or JsonException)
        {
            return new { Error = e.Message };
        }
    }

    /// <summary>The peer's folder, with its locked packages installed (<c>npm ci</c> when node_modules is missing).</summary>
    public static async Task<string> PrepareAsync(string? configured)
    {
        var directory = Find(configured);
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            await Console.Error.WriteLineAsync($"grammY peer: npm ci in {directory}");
            var (code, _, error) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci failed ({code}): {error.Trim()}");
            }
        }

        return directory;
    }

    private static double Round(double v) => Math.Round(v, 3);

    private static string Find(string? configured)
    {
        if (configured is not null)
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "benchmarks", "peers", "grammy");
                if (File.Exists(Path.Combine(candidate, "broadcast.js")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("benchmarks/peers/grammy not found; pass --peer-dir");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunProcessAsync(string file, IEnumerable<string> args, string directory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
