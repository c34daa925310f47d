using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Benchmarks.Delivery;
using Humas.Bot.Channels.Teams;
using Humas.Bot.FakePlatforms.Teams;

namespace Humas.Bot.Benchmarks.Teams;

/// <summary>
/// <c>teams-fanout</c>: one article to N personal Teams chats of one tenant through the real delivery engine
/// and Teams adapter, against the fake Bot Connector enforcing the published limits (per conversation
/// 7/1s, 8/2s, 60/30s, 1800/h; per tenant 50/s, exact sliding windows, 429 + Retry-After) and a local
/// identity provider for the bot's token. Prints one JSON document.
/// </summary>
public static class TeamsBenchmarks
{
    private const int TenantLimit = 50;
    private const string Tenant = "bench-tenant";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<int> FanOutAsync(DeliveryBenchOptions o)
    {
        await using var identity = await FakeIdentityProvider.StartAsync(tenantId: Tenant);
        await using var connector = await FakeBotConnector.StartAsync(identity, TenantLimit, latency: o.Latency);
        foreach (var (key, value) in identity.Settings())
        {
            o.Settings.TryAdd(key, value!);
        }

        o.Settings.TryAdd("Teams:DefaultServiceUrl", connector.ServiceUrl);
        o.Settings.TryAdd("Teams:TenantPerSecond", TenantLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var engine = await EngineHost.CreateAsync(o, apiBaseUrl: null, token: null, liftBotLimit: false, b => b.AddTeams());
        await engine.SeedTeamsSubscribersAsync(o.Subscribers, Tenant, connector.ServiceUrl);
        await engine.App.StartAsync();
        await Console.Error.WriteLineAsync($"engine: broadcasting to {o.Subscribers} Teams chats (fake enforcing {TenantLimit}/s per tenant)");

        var published = Stopwatch.GetTimestamp();
        var (articleId, _) = await engine.PublishAsync("Uji pengiriman Teams");
        var deadline = TimeSpan.FromSeconds(o.Subscribers / (double)TenantLimit * 2 + 120);
        var persisted = 0;
        var lastReport = published;
        while (Stopwatch.GetElapsedTime(published) < deadline)
        {
            if ((persisted = await engine.SentWithMessageIdAsync(articleId)) >= o.Subscribers)
            {
                break;
            }

            if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 10)
            {
                lastReport = Stopwatch.GetTimestamp();
                await Console.Error.WriteLineAsync($"  {persisted} persisted after {Stopwatch.GetElapsedTime(published).TotalSeconds:0} s");
            }

            await Task.Delay(200);
        }

        var endToEnd = Stopwatch.GetElapsedTime(published).TotalSeconds;
        await engine.App.StopAsync();
        var states = await engine.StatesAsync(articleId);
        persisted = await engine.SentWithMessageIdAsync(articleId);

        var sends = connector.Calls.Where(c => c.Method == "SEND").ToList();
        var ok = sends.Where(c => c.Status == 200).Select(c => c.Timestamp).Order().ToList();
        var throttled = sends.Count(c => c.Status == 429);
        var span = ok.Count > 1 ? (ok[^1] - ok[0]) / (double)Stopwatch.Frequency : 0;
        var paced = ok.Count / (span + 1);
        var lost = o.Subscribers - persisted;
        var minutes = endToEnd / 60;
        var share = paced / TenantLimit;
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
        {
            Benchmark = "teams-fanout",
            Machine = DeliveryBenchmarks.Machine(),
            Settings = new
            {
                o.Subscribers,
                Subscribers_ = "personal Teams chats of one tenant, each subscribed to All",
                Fake = "in-process FakeBotConnector on 127.0.0.1: per conversation 7/1s, 8/2s, 60/30s, 1800/h; per tenant 50/s; 429 + Retry-After",
                Engine = "service defaults, Teams:TenantPerSecond 50",
                Database = "SQLite, fresh file in a temp folder",
                ShareFormula = "successful sends / (seconds from the first to the last success + 1) / 50, measured by the fake",
            },
            Result = new
            {
                States = states.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                PersistedSent = persisted,
                SuccessfulSends = ok.Count,
                TooManyRequests = throttled,
                TooManyRequestsPercent = sends.Count == 0 ? 0 : Math.Round(100.0 * throttled / sends.Count, 3),
                EndToEndSeconds = Math.Round(endToEnd, 1),
                SendsPerSecond = Math.Round(paced, 2),
                TokenRequests = identity.TokenRequests,
                Lost = lost,
            },
            Pacing = SendGaps.Of(ok, Stopwatch.Frequency, 1.0 / (TenantLimit * TeamsDeliveryChannel.PacedShare)),
            Goal = new
            {
                Statement = "at least 90% of the 50/s tenant limit sustained, 0 lost; 45,000 users in at most 17 minutes",
                ShareOfTenantLimit = Math.Round(share, 3),
                Minutes = Math.Round(minutes, 2),
                ProjectedMinutesFor45000 = paced > 0 ? Math.Round(45_000 / paced / 60, 1) : (double?)null,
                Met = o.Quick ? (bool?)null : share >= 0.9 && lost == 0 && (o.Subscribers < 45_000 || minutes <= 17),
            },
        }, Json));
        return 0;
    }
}
