using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Humas.Bot.Benchmarks.Telegram;

/// <summary>
/// What a round of presses saw from the clients' side: when each was sent (Unix ms), how long its answer took, the
/// answers that were not 200 by status, and when a 200 carried the press's answerCallbackQuery in its body (Unix ms; 0
/// when it did not), as Telegram runs a method given in a webhook's response.
/// </summary>
public sealed record PressResult(double[] PressedAt, double[] AckMs, Dictionary<int, int> Failures, double[] RepliedAt);

/// <summary>
/// The webhook's load clients in a process of their own (<c>serve-presses</c>), as Telegram's servers are to a bot.
/// In the service's process they shared its thread pool, so the ack they timed included waits for the service's own
/// work, which the peer's clients, outside node, never paid. One child per run, kept across rounds, so its connections
/// and its own code are warm when the measured presses go. On stdin: "press {url} {secret or -} {clients} {bodies
/// file}" (one body per line); on stdout one JSON line per round.
/// </summary>
public sealed class PressClients : IAsyncDisposable
{
    private readonly Process _process;

    private PressClients(Process process) => _process = process;

    public static async Task<PressClients> StartAsync()
    {
        var process = SelfChild.Start("serve-presses");
        if (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) != "ready")
        {
            process.Kill();
            throw new InvalidOperationException("the press clients did not start");
        }

        return new PressClients(process);
    }

    /// <summary>POSTs every body to <paramref name="url"/> from <paramref name="clients"/> concurrent clients of the child.</summary>
    public async Task<PressResult> PressAsync(string url, string? secret, byte[][] bodies, int clients)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, bodies.Select(b => Encoding.UTF8.GetString(b)));
            await _process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"press {url} {secret ?? "-"} {clients} {file}"));
            await _process.StandardInput.FlushAsync();
            var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(10));
            return JsonSerializer.Deserialize<PressResult>(line ?? "") ?? throw new InvalidOperationException("no answer from the press clients");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The child's CPU so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync() => await SelfChild.StopAsync(_process);

    /// <summary>The child: one HttpClient per address, kept for the process's life, as a platform keeps its connections.</summary>
    public static async Task<int> RunChildAsync()
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        await Console.Out.WriteLineAsync("ready");
        await Console.Out.FlushAsync();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.Split(' ') is not ["press", var url, var secret, var count, var file])
            {
                await Console.Error.WriteLineAsync($"serve-presses: unknown command {line}");
                continue;
            }

            var uri = new Uri(url);
            var concurrency = int.Parse(count, CultureInfo.InvariantCulture);
            var key = uri.GetLeftPart(UriPartial.Authority);
            if (!clients.TryGetValue(key, out var http))
            {
                http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false }) { Timeout = TimeSpan.FromMinutes(5) };
                clients[key] = http;
            }

            var bodies = (await File.ReadAllLinesAsync(file)).Select(Encoding.UTF8.GetBytes).ToArray();
            var result = await PressAllAsync(http, uri, secret == "-" ? null : secret, bodies, concurrency);
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result));
            await Console.Out.FlushAsync();
        }

        foreach (var http in clients.Values)
        {
            http.Dispose();
        }

        return 0;
    }

    private static async Task<PressResult> PressAllAsync(HttpClient http, Uri url, string? secret, byte[][] bodies, int clients)
    {
        var pressedAt = new double[bodies.Length];
        var ackMs = new double[bodies.Length];
        var repliedAt = new double[bodies.Length];
        var failures = new ConcurrentDictionary<int, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Length)
            {
                using var request = TelegramBenchmarks.WebhookPost(url.ToString(), secret, bodies[i]);
                pressedAt[i] = TelegramBenchmarks.NowUnixMs();
                var t0 = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                ackMs[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                }
                else if (response.Content.Headers.ContentLength is not 0 && IsAnswer(await response.Content.ReadAsByteArrayAsync()))
                {
                    repliedAt[i] = TelegramBenchmarks.NowUnixMs();
                }
            }
        })));
        return new PressResult(pressedAt, ackMs, failures.ToDictionary(), repliedAt);
    }

    /// <summary>A webhook response that asks Telegram to run answerCallbackQuery.</summary>
    private static bool IsAnswer(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("method", out var method)
                && method.ValueKind == JsonValueKind.String
                && method.GetString() == "answerCallbackQuery";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
