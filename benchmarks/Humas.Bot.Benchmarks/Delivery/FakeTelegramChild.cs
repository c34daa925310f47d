using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Humas.Bot.FakePlatforms;
using Humas.Bot.FakePlatforms.Telegram;

namespace Humas.Bot.Benchmarks.Delivery;

/// <summary>What the fake saw of one broadcast to chats first..first+count-1 (sendMessage and sendPhoto).</summary>
public sealed record FakeStats(
    long SendRequests,
    long Delivered,
    long TooManyRequests,
    long Faults,
    int DistinctChatsDelivered,
    int ChatsMissing,
    long Duplicates,
    double SpanSeconds,
    double FirstToLastDeliveredPerSecond)
{
    /// <summary>Successful sends per second over the span from the first to the last success, plus one second
    /// (a run paced at exactly R/s, smooth or in one burst per second, scores R).</summary>
    public double PacedPerSecond => Delivered / (SpanSeconds + 1);

    public double TooManyRequestsPercent => SendRequests == 0 ? 0 : 100.0 * TooManyRequests / SendRequests;
}

/// <summary>One request's arrival at the fake: an id (callback_query_id), Unix milliseconds, the status answered.</summary>
public sealed record FakeArrival(string Id, double AtUnixMs, int Status);

/// <summary>The first successful send carrying a marker (Unix milliseconds) and how many sends carried it.</summary>
public sealed record FakeFirstSend(double? AtUnixMs, int Count);

/// <summary>
/// <c>serve-telegram</c>: the fake Telegram server in its own process, so its CPU is not the engine's. It
/// prints "listening {url} {token}", then answers "stats {first} {count}" with one JSON line; it exits when
/// stdin closes.
/// </summary>
public static class FakeTelegramChild
{
    public static FakeTelegramOptions Options(bool limits, ResponseLatency latency, int botPerSecond = 30) => new()
    {
        EnforceLimits = limits,
        BotPerSecond = botPerSecond,
        PrivateChatPerSecond = 1,
        GroupPerMinute = 20,
        Latency = latency,
    };

    public static async Task<int> RunAsync(DeliveryBenchOptions o)
    {
        await using var fake = await FakeTelegramServer.StartAsync(Options(o.Limits, o.Latency, o.BotPerSecond));
        await Console.Out.WriteLineAsync($"listening {fake.BaseUrl} {fake.Token}");
        await Console.Out.FlushAsync();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts is ["stats", var first, var count, var since])
            {
                var stats = Stats(fake, long.Parse(first, CultureInfo.InvariantCulture), int.Parse(count, CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(since, CultureInfo.InvariantCulture)));
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(stats));
                await Console.Out.FlushAsync();
            }
            else if (parts is ["answers"])
            {
                // answerCallbackQuery as the fake received them: callback_query_id, arrival (Unix ms), status.
                var answers = fake.Requests.Where(r => r.Method == "answerCallbackQuery")
                    .Select(r => new FakeArrival(r.CallbackQueryId ?? "", r.ReceivedAt.ToUnixTimeMilliseconds() + r.ReceivedAt.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0, r.StatusCode));
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(answers));
                await Console.Out.FlushAsync();
            }
            else if (parts is ["first-send", var marker])
            {
                // The earliest successful sendMessage/sendPhoto whose text contains the marker, and how many there were.
                var sends = fake.Requests.Where(r => r.Method is "sendMessage" or "sendPhoto" && r.StatusCode == 200 && r.Text?.Contains(marker, StringComparison.Ordinal) == true).ToList();
                var earliest = sends.Count == 0 ? null : (double?)sends.Min(r => r.ReceivedAt.ToUnixTimeMilliseconds() + r.ReceivedAt.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0);
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new FakeFirstSend(earliest, sends.Count)));
                await Console.Out.FlushAsync();
            }
            else if (parts is ["first-to-chats", var from, var howMany])
            {
                // The arrival (Unix ms) of the first successful send to each chat first..first+count-1 (null: none).
                var firstChat = long.Parse(from, CultureInfo.InvariantCulture);
                var chats = int.Parse(howMany, CultureInfo.InvariantCulture);
                var earliest = fake.Requests.Where(r => r.Method is "sendMessage" or "sendPhoto" && r.StatusCode == 200 && r.ChatId >= firstChat && r.ChatId < firstChat + chats)
                    .GroupBy(r => r.ChatId!.Value).ToDictionary(g => g.Key, g => g.Min(r => r.ReceivedAt.ToUnixTimeMilliseconds() + r.ReceivedAt.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0));
                var arrivals = Enumerable.Range(0, chats).Select(i => earliest.TryGetValue(firstChat + i, out var at) ? at : (double?)null).ToList();
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(arrivals));
                await Console.Out.FlushAsync();
            }
            else if (parts is ["count", var method])
            {
                await Console.Out.WriteLineAsync(fake.Requests.Count(r => r.Method == method && r.StatusCode == 200).ToString(CultureInfo.InvariantCulture));
                await Console.Out.FlushAsync();
            }
        }

        return 0;
    }

    /// <summary>The sends received from <paramref name="since"/> on (a warm-up's before it are not the broadcast's).</summary>
    private static FakeStats Stats(FakeTelegramServer fake, long first, int count, DateTimeOffset since)
    {
        var sends = fake.Requests.Where(r => r.Method is "sendMessage" or "sendPhoto" && r.ReceivedAt >= since).ToList();
        var ok = sends.Where(r => r.StatusCode == 200).ToList();
        var chats = ok.Select(r => r.ChatId!.Value).ToHashSet();
        var missing = 0;
        for (var i = 0; i < count; i++)
        {
            if (!chats.Contains(first + i))
            {
                missing++;
            }
        }

        var span = ok.Count > 1 ? (ok.Max(r => r.ReceivedAt) - ok.Min(r => r.ReceivedAt)).TotalSeconds : 0;
        return new FakeStats(
            sends.Count,
            ok.Count,
            sends.Count(r => r.StatusCode == 429),
            fake.Counters.Faults,
            chats.Count,
            missing,
            ok.Count - chats.Count,
            Math.Round(span, 3),
            span > 0 ? Math.Round((ok.Count - 1) / span, 1) : 0);
    }
}

/// <summary>The parent's side of a <c>serve-telegram</c> child.</summary>
public sealed class FakeTelegramHandle : IAsyncDisposable
{
    private readonly Process _process;

    private FakeTelegramHandle(Process process, string baseUrl, string token)
    {
        _process = process;
        BaseUrl = baseUrl;
        Token = token;
    }

    public string BaseUrl { get; }
    public string Token { get; }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <param name="botPerSecond">With <paramref name="limits"/>, the bot-wide limit enforced (Telegram's 30/s, or a paid broadcast's 1000/s).</param>
    public static async Task<FakeTelegramHandle> StartAsync(bool limits, ResponseLatency? latency = null, int botPerSecond = 30)
    {
        var arguments = "serve-telegram" + (limits ? string.Create(CultureInfo.InvariantCulture, $" --limits --bot-per-second {botPerSecond}") : "");
        if (latency is { IsNone: false })
        {
            arguments += string.Create(CultureInfo.InvariantCulture, $" --latency-ms {(int)latency.Fixed.TotalMilliseconds} --jitter-ms {(int)latency.Jitter.TotalMilliseconds}");
        }

        var process = SelfChild.Start(arguments, SelfChild.WorkstationGc);
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var parts = line?.Split(' ');
        if (parts is not ["listening", var url, var token])
        {
            process.Kill();
            throw new InvalidOperationException($"the fake Telegram server did not start: {line}");
        }

        return new FakeTelegramHandle(process, url, token);
    }

    /// <summary>The sends the fake received from <paramref name="since"/> on (all of them when null) and how they cover chats first..first+count-1.</summary>
    public async Task<FakeStats> StatsAsync(long first, int count, DateTimeOffset? since = null)
    {
        await _process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"stats {first} {count} {(since ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds()}"));
        await _process.StandardInput.FlushAsync();
        var reply = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return JsonSerializer.Deserialize<FakeStats>(reply ?? "") ?? throw new InvalidOperationException("no stats");
    }

    public async Task<List<FakeArrival>> AnswersAsync() =>
        JsonSerializer.Deserialize<List<FakeArrival>>(await AskAsync("answers")) ?? [];

    public async Task<FakeFirstSend> FirstSendAsync(string marker) =>
        JsonSerializer.Deserialize<FakeFirstSend>(await AskAsync("first-send " + marker)) ?? new FakeFirstSend(null, 0);

    /// <summary>For each chat first..first+count-1, when the fake received its first successful send (Unix ms; null: none).</summary>
    public async Task<List<double?>> FirstToChatsAsync(long first, int count) =>
        JsonSerializer.Deserialize<List<double?>>(await AskAsync(string.Create(CultureInfo.InvariantCulture, $"first-to-chats {first} {count}"))) ?? [];

    public async Task<int> CountAsync(string method) => int.Parse(await AskAsync("count " + method), CultureInfo.InvariantCulture);

    private async Task<string> AskAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        return await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)) ?? "";
    }

    public async ValueTask DisposeAsync() => await SelfChild.StopAsync(_process);
}
