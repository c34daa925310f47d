using Humas.Bot.Feedback;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Benchmarks.Delivery;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Benchmarks.Telegram;

/// <summary>The Telegram verbs: each prints one JSON document on stdout; progress goes to stderr.</summary>
public static partial class TelegramBenchmarks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Sends at the fake's own pace: the bot-wide limit raised to its validated maximum so delivery of the set-up is quick.</summary>
    private static readonly Dictionary<string, string?> FastSetup = new() { ["Telegram:BotPerSecond"] = "1000" };

    public static async Task<int> VotesAsync(TelegramBenchOptions o)
    {
        await using var fake = await FakeTelegramHandle.StartAsync(limits: false);
        await using var host = await ServiceHost.StartAsync(o, fake, FastSetup);
        using var http = Client(host, o.Clients);
        await using var presses = await PressClients.StartAsync();
        var webhook = new Uri(new Uri(host.BaseUrl), "/api/telegram/webhook").ToString();
        await host.SeedSubscribersAsync(o.Chats);

        Progress($"publishing {o.Articles} articles to {o.Chats} chats each");
        var articles = new List<Guid>();
        for (var i = 0; i < o.Articles; i++)
        {
            articles.Add((await PublishAsync(http, $"Uji reaksi {i}")).Id);
        }

        var deliveryWatch = Stopwatch.StartNew();
        var expected = o.Articles * o.Chats;
        List<(Guid ArticleId, string Chat, string? MessageId)> copies;
        while (true)
        {
            await using var db = await host.Db.CreateDbContextAsync();
            copies = await (from d in db.Set<DeliveryRecord>()
                            join c in db.Set<Conversation>() on d.ConversationId equals c.Id
                            where d.State == DeliveryState.Sent && d.ArticleId != null
                            select new { ArticleId = d.ArticleId!.Value, c.ExternalId, d.MessageId })
                .AsAsyncEnumerable().Select(x => (x.ArticleId, Chat: x.ExternalId, (string?)x.MessageId)).ToListAsync();
            if (copies.Count >= expected)
            {
                break;
            }

            if (deliveryWatch.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new InvalidOperationException($"only {copies.Count} of {expected} deliveries were sent");
            }

            await Task.Delay(200);
        }

        var deliverySeconds = deliveryWatch.Elapsed.TotalSeconds;
        Progress($"{copies.Count} copies delivered in {deliveryWatch.Elapsed.TotalSeconds:F1} s; pressing {o.Presses} times from {o.Clients} clients");
        var byArticle = copies.GroupBy(c => c.ArticleId).ToDictionary(g => g.Key, g => g.ToList());

        // One update per press: a distinct user, round-robin over the articles and their delivered copies. The warm-up's
        // readers are others than the measured ones, so every press of both adds a vote.
        var date = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        byte[] Press(int i, int updateId, string queryId, long user)
        {
            var article = articles[i % articles.Count];
            var copy = byArticle[article][i / articles.Count % byArticle[article].Count];
            return Encoding.UTF8.GetBytes(ServiceHost.Invariant($$$"""{"update_id":{{{updateId}}},"callback_query":{"id":"{{{queryId}}}","from":{"id":{{{user}}},"is_bot":false,"first_name":"Pembaca","language_code":"id"},"message":{"message_id":{{{copy.MessageId ?? "1"}}},"date":{{{date}}},"chat":{"id":{{{copy.Chat}}},"type":"private","first_name":"Pembaca"},"text":"x"},"chat_instance":"ci{{{copy.Chat}}}","data":"{{{ReactionActionData.Encode(article, 1 + i % 5)}}}"}}"""));
        }

        var warmupBodies = Enumerable.Range(0, o.Warmup).Select(i => Press(i, i + 1, $"wq{i + 1}", 9_000_000 + i)).ToArray();
        var bodies = Enumerable.Range(0, o.Presses).Select(i => Press(i, o.Warmup + i + 1, $"cq{i + 1}", 5_000_000 + i)).ToArray();
        var timeout = TimeSpan.FromSeconds((o.Warmup + o.Presses) / 20.0 + 120);

        // A service that runs for days meets a broadcast's presses warm: the first presses after a start run the
        // press path's code unoptimised, and the JIT recompiling it takes CPU for seconds after. Two rounds, each
        // followed by a pause for the JIT: while new code is still being compiled the runtime postpones counting
        // calls, so hot methods of the first round are only promoted once called again. Measured apart.
        var warmups = new List<object>();
        var settleSeconds = new List<double>();
        var warmed = 0;
        foreach (var round in warmupBodies.Chunk(Math.Max(1, (warmupBodies.Length + 1) / 2)))
        {
            Progress($"warming up: {round.Length} presses by other readers");
            var warm = Stopwatch.StartNew();
            var (_, warmAcks, warmFailures, _) = await presses.PressAsync(webhook, ServiceHost.Secret, round, o.Clients);
            var warmAckSeconds = warm.Elapsed.TotalSeconds;
            warmed += round.Length;
            while (await TotalAsync(http, articles) < warmed && warm.Elapsed < timeout)
            {
                await Task.Delay(100);
            }

            warmups.Add(Cold(round.Length, warmAckSeconds, warmAcks, warmFailures, await TotalAsync(http, articles) >= warmed ? warm.Elapsed.TotalSeconds : null));
            settleSeconds.Add(await JitSettle.WaitAsync(o.Quick));
            Progress($"warm-up round counted; the JIT settled {settleSeconds[^1]:F1} s later");
        }

        // A broadcast going out while the readers press: published just before the first press.
        Guid? broadcast = null;
        var broadcastSeedSeconds = 0.0;
        if (o.Broadcast > 0)
        {
            var seeding = Stopwatch.StartNew();
            await host.SeedSubscribersAsync(o.Broadcast, firstChatId: EngineHost.FirstChatId + 10_000_000);
            broadcastSeedSeconds = seeding.Elapsed.TotalSeconds;
            broadcast = (await PublishAsync(http, "Siaran serentak")).Id;
            Progress($"broadcast to {o.Broadcast + o.Chats} readers published");
        }

        var jitMark = JitSettle.Mark();
        var gcBefore = GcCounts.Now();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var cpu = new CpuWindow(("fakeBotApi", () => fake.CpuTime), ("pressClients", () => presses.CpuTime));
        var run = Stopwatch.StartNew();
        var (pressedAt, ackMs, failures, repliedAt) = await presses.PressAsync(webhook, ServiceHost.Secret, bodies, o.Clients);
        var ackSeconds = run.Elapsed.TotalSeconds;
        var broadcastSentByLastAck = broadcast is { } b1 ? await SentAsync(host, b1) : 0;
        Progress($"{o.Presses} presses acknowledged in {ackSeconds:F2} s; waiting for the counters");

        int counted;
        while ((counted = await TotalAsync(http, articles) - o.Warmup) < o.Presses && run.Elapsed < timeout)
        {
            await Task.Delay(100);
        }

        var countedSeconds = run.Elapsed.TotalSeconds;
        var cpuUsed = cpu.Stop(o.Presses);
        var jit = new { SettleSecondsAfterWarmupRounds = settleSeconds, WhileMeasured = JitSettle.Since(jitMark) };
        var gc = GcCounts.Now() - gcBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var broadcastSentByLastVote = broadcast is { } b2 ? await SentAsync(host, b2) : 0;
        Progress($"{counted} votes counted after {countedSeconds:F2} s; collecting answers");
        // The last answers follow the last votes by a round trip; give them a moment.
        await Task.Delay(1000);
        var pressToAnswer = await PressToAnswerAsync(fake, pressedAt, repliedAt);
        var edits = await fake.CountAsync("editMessageReplyMarkup") + await fake.CountAsync("editMessageText") + await fake.CountAsync("editMessageCaption");
        var acks = ackMs.Order().ToArray();
        var answered = pressToAnswer;
        var votesPerSecond = counted >= o.Presses ? o.Presses / countedSeconds : (double?)null;
        var ackPerSecond = o.Presses / ackSeconds;
        var ackP99 = Percentile(acks, 99);
        await WriteAsync(new
        {
            Benchmark = "votes",
            Machine = DeliveryBenchmarks.Machine(),
            Settings = new
            {
                o.Articles,
                ChatsPerArticle = o.Chats,
                o.Presses,
                o.Warmup,
                o.Clients,
                Voters = "distinct users, one press each (every press adds a vote), options 1..5 round robin",
                Host = "the whole service as Program.cs wires it, in process, Telegram:Mode Webhook with a secret, Bot API at the fake (child process, no limits)",
                ClientsRunIn = "a child process of their own (serve-presses), for ours and the peer alike",
                Database = o.Postgres ? "PostgreSQL, fresh database on the throw-away server (fsync off)" : "SQLite, fresh file in a temp folder",
                Overrides = o.Settings.Count > 0 ? o.Settings : null,
                Gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            },
            SetUp = new { DeliveredCopies = copies.Count, DeliverySeconds = Math.Round(deliverySeconds, 2) },
            Cold = warmups.FirstOrDefault(),
            WarmupRounds = warmups,
            Jit = jit,
            Gc = gc,
            AllocatedKBPerPress = Math.Round(allocated / 1024.0 / o.Presses, 1),
            CpuFromFirstPressToLastVote = cpuUsed,
            Broadcast = broadcast is null ? null : new
            {
                Readers = o.Broadcast + o.Chats,
                SeedSeconds = Math.Round(broadcastSeedSeconds, 2),
                SentByLastAck = broadcastSentByLastAck,
                SentByLastVoteCounted = broadcastSentByLastVote,
                StillGoingWhenTheVotesWereCounted = broadcastSentByLastVote < o.Broadcast + o.Chats,
                Note = "one article to every reader, published just before the first press; sent counts are rows recorded Sent",
            },
            Webhook = new
            {
                Acknowledged = o.Presses - failures.Values.Sum(),
                NotOk = failures.Count == 0 ? null : failures.ToDictionary(f => f.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), f => f.Value),
                Seconds = Math.Round(ackSeconds, 3),
                AcksPerSecond = Math.Round(ackPerSecond, 1),
                AckMs = Stats(acks),
            },
            Votes = new
            {
                Counted = counted,
                SecondsUntilAllCounted = counted >= o.Presses ? Math.Round(countedSeconds, 3) : (double?)null,
                VotesPerSecondEndToEnd = votesPerSecond is { } v ? Math.Round(v, 1) : (double?)null,
                Note = "from the first press until GET /api/articles/{id}/reactions totals equal the presses (polled every 100 ms)",
            },
            PressToAnswerCallbackQuery = new
            {
                Answered = answered.Length,
                Ms = Stats(answered),
                InWebhookResponse = repliedAt.Count(r => r > 0),
                Note = "press sent (client clock) -> its answerCallbackQuery: in the webhook's 200 (client clock; Telegram runs a method given there) or received by the fake (its clock; same machine), whichever came first",
            },
            CounterRefreshEdits = edits,
            Goal = new
            {
                Statement = broadcast is not null
                    ? "press -> answerCallbackQuery p99 at most 1 s while a broadcast goes out"
                    : o.Postgres
                        ? "at least 2,000 votes/s through the webhook on PostgreSQL"
                        : "at least 2,000 votes/s through the webhook on SQLite, webhook ack p99 at most 50 ms, press -> answerCallbackQuery p99 at most 1 s",
                VotesPerSecondEndToEnd = votesPerSecond is { } vv ? Math.Round(vv, 1) : (double?)null,
                AcksPerSecond = Math.Round(ackPerSecond, 1),
                AckP99Ms = Math.Round(ackP99, 2),
                PressToAnswerP99Ms = answered.Length > 0 ? Math.Round(Percentile(answered, 99), 1) : (double?)null,
                Met = o.Quick ? (bool?)null
                    : broadcast is not null ? answered.Length == o.Presses && Percentile(answered, 99) <= 1000
                    : o.Postgres ? votesPerSecond >= 2000
                    : votesPerSecond >= 2000 && ackP99 <= 50 && answered.Length > 0 && Percentile(answered, 99) <= 1000,
            },
            Peer = o.Peer ? await GrammyVotesAsync(o, presses, warmupBodies, bodies) : null,
        });
        return 0;
    }

    /// <summary>The warm-up's own figures: what a burst of presses meets right after a start.</summary>
    private static object Cold(int presses, double ackSeconds, double[] ackMs, IReadOnlyDictionary<int, int> failures, double? countedSeconds) => new
    {
        Presses = presses,
        Acknowledged = presses - failures.Values.Sum(),
        AcksPerSecond = Math.Round(presses / ackSeconds, 1),
        AckMs = Stats([.. ackMs.Order()]),
        VotesPerSecondEndToEnd = countedSeconds is { } seconds ? Math.Round(presses / seconds, 1) : (double?)null,
    };

    /// <summary>An update POSTed as Telegram sends it: JSON, with the webhook's secret header when there is one.</summary>
    internal static HttpRequestMessage WebhookPost(string path, string? secret, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return request;
    }

    /// <summary>
    /// Press (client clock) to its first answer, sorted: the webhook's 200 carrying answerCallbackQuery (client clock),
    /// or the first 200 answerCallbackQuery for it at the fake (its clock; same machine), whichever came first.
    /// </summary>
    private static async Task<double[]> PressToAnswerAsync(FakeTelegramHandle fake, double[] pressedAt, double[] repliedAt)
    {
        var answers = (await fake.AnswersAsync()).Where(a => a.Status == 200 && a.Id.StartsWith("cq", StringComparison.Ordinal))
            .GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.Min(a => a.AtUnixMs));
        var pressToAnswer = new List<double>();
        for (var i = 0; i < pressedAt.Length; i++)
        {
            var first = repliedAt[i] > 0 ? repliedAt[i] : (double?)null;
            if (answers.TryGetValue($"cq{i + 1}", out var at) && (first is null || at < first))
            {
                first = at;
            }

            if (first is { } answeredAt)
            {
                pressToAnswer.Add(answeredAt - pressedAt[i]);
            }
        }

        return [.. pressToAnswer.Order()];
    }

    /// <summary>
    /// The same presses to a grammY bot counting in memory (benchmarks/peers/grammy/votes.js) behind grammY's own
    /// webhook adapter, against its own fresh fake: votes/s until its count equals the presses, acks, press to answer.
    /// </summary>
    private static async Task<object> GrammyVotesAsync(TelegramBenchOptions o, PressClients presses, byte[][] warmupBodies, byte[][] bodies)
    {
        try
        {
            var directory = await GrammyPeer.PrepareAsync(null);
            await using var fake = await FakeTelegramHandle.StartAsync(limits: false);
            var info = new ProcessStartInfo("node")
            {
                WorkingDirectory = directory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { Path.Combine(directory, "votes.js"), "--api", fake.BaseUrl, "--token", fake.Token })
            {
                info.ArgumentList.Add(a);
            }

            using var node = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
            try
            {
                var first = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                    ?? throw new InvalidOperationException("votes.js ended: " + await node.StandardError.ReadToEndAsync());
                var port = JsonSerializer.Deserialize<JsonElement>(first).GetProperty("port").GetInt32();
                Progress($"grammY peer: {bodies.Length} presses to votes.js on port {port}");
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Clients, UseProxy = false })
                {
                    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                    Timeout = TimeSpan.FromMinutes(5),
                };
                async Task<int> CountAsync() => (await http.GetFromJsonAsync<JsonElement>("/count")).GetProperty("total").GetInt32();
                var warmups = new List<object>();
                var warmed = 0;
                foreach (var round in warmupBodies.Chunk(Math.Max(1, (warmupBodies.Length + 1) / 2)))
                {
                    var warm = Stopwatch.StartNew();
                    var (_, warmAcks, warmFailures, _) = await presses.PressAsync($"http://127.0.0.1:{port}/webhook", null, round, o.Clients);
                    var warmAckSeconds = warm.Elapsed.TotalSeconds;
                    warmed += round.Length;
                    while (await CountAsync() < warmed && warm.Elapsed < TimeSpan.FromMinutes(5))
                    {
                        await Task.Delay(100);
                    }

                    warmups.Add(Cold(round.Length, warmAckSeconds, warmAcks, warmFailures, await CountAsync() >= warmed ? warm.Elapsed.TotalSeconds : null));
                }

                var run = Stopwatch.StartNew();
                var (pressedAt, ackMs, failures, repliedAt) = await presses.PressAsync($"http://127.0.0.1:{port}/webhook", null, bodies, o.Clients);
                var ackSeconds = run.Elapsed.TotalSeconds;
                int counted;
                while ((counted = await CountAsync() - warmupBodies.Length) < bodies.Length && run.Elapsed < TimeSpan.FromMinutes(5))
                {
                    await Task.Delay(100);
                }

                var countedSeconds = run.Elapsed.TotalSeconds;
                await Task.Delay(1000);
                var answered = await PressToAnswerAsync(fake, pressedAt, repliedAt);
                var acks = ackMs.Order().ToArray();
                return new
                {
                    Peer = "grammY " + JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Path.Combine(directory, "node_modules", "grammy", "package.json"))).GetProperty("version").GetString(),
                    Counting = "in memory (a Map), answerCallbackQuery awaited in the handler, grammY's webhookCallback(bot, \"http\")",
                    Cold = warmups.FirstOrDefault(),
                    WarmupRounds = warmups,
                    Acknowledged = bodies.Length - failures.Values.Sum(),
                    AcksPerSecond = Math.Round(bodies.Length / ackSeconds, 1),
                    AckMs = Stats(acks),
                    Counted = counted,
                    VotesPerSecondEndToEnd = counted >= bodies.Length ? Math.Round(bodies.Length / countedSeconds, 1) : (double?)null,
                    PressToAnswerCallbackQuery = new { Answered = answered.Length, InWebhookResponse = repliedAt.Count(r => r > 0), Ms = Stats(answered) },
                };
            }
            finally
            {
                node.StandardInput.Close();
                if (!node.WaitForExit(5000))
                {
                    node.Kill(entireProcessTree: true);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or TimeoutException or JsonException or HttpRequestException)
        {
            return new { Error = e.Message };
        }
    }

    public static async Task<int> PublishLatencyAsync(TelegramBenchOptions o)
    {
        await using var fake = await FakeTelegramHandle.StartAsync(limits: false);
        await using var host = await ServiceHost.StartAsync(o, fake, FastSetup);
        using var http = Client(host, 4);
        await host.SeedSubscribersAsync(o.Subscribers);
        var random = new Random(42);
        var samples = new List<object>();
        var latencies = new List<double>();
        // One article first, not counted: the first publish after start-up pays the JIT of the whole path once.
        var warmUp = await PublishAsync(http, "Uji latensi BENCHWARMUPZ1");
        var warmUpWatch = Stopwatch.StartNew();
        while ((await fake.FirstSendAsync("BENCHWARMUPZ1")).Count < o.Subscribers && warmUpWatch.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }

        Progress($"warm-up article {warmUp.Id} delivered");
        for (var s = 0; s < o.Samples; s++)
        {
            // Start at a random phase so that any polling interval shows as it would for a CMS.
            await Task.Delay(random.Next(500, 1500));
            var marker = ServiceHost.Invariant($"BENCH{s}Z{random.Next(100_000, 999_999)}");
            var published = await PublishAsync(http, $"Uji latensi {marker}");
            var createdAt = NowUnixMs();
            var watch = Stopwatch.StartNew();
            FakeFirstSend first;
            while ((first = await fake.FirstSendAsync(marker)).AtUnixMs is null && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            // Let the whole fan-out finish so the next sample starts from an idle service.
            while ((first = await fake.FirstSendAsync(marker)).Count < o.Subscribers && watch.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(100);
            }

            var allSeconds = watch.Elapsed.TotalSeconds;
            var latency = first.AtUnixMs is { } at ? at - createdAt : double.NaN;
            latencies.Add(latency);
            samples.Add(new { Article = published.Id, FirstSendMs = Math.Round(latency, 1), Sends = first.Count, AllSentWithinSeconds = Math.Round(allSeconds, 2) });
            Progress($"article {s + 1}/{o.Samples}: 201 -> first send {latency:F0} ms, {first.Count} sends");
        }

        var sorted = latencies.Where(l => !double.IsNaN(l)).Order().ToArray();
        await WriteAsync(new
        {
            Benchmark = "publish-latency",
            Machine = DeliveryBenchmarks.Machine(),
            Settings = new
            {
                o.Subscribers,
                o.Samples,
                Host = "the whole service as Program.cs wires it, in process; Bot API at the fake (child process, no limits)",
                Database = o.Postgres ? "PostgreSQL, fresh database on the throw-away server (fsync off)" : "SQLite, fresh file in a temp folder",
                Overrides = o.Settings.Count > 0 ? o.Settings : null,
                Measured = "POST /api/articles answered 201 (client clock) -> first sendMessage for that article received by the fake (its clock; same machine)",
                WarmUp = "one article published and delivered before the samples, not counted (the first publish after start-up pays the JIT once)",
            },
            Samples = samples,
            FirstSendMs = Stats(sorted),
            Goal = new
            {
                Statement = "p99 at most 100 ms from publish to the first send (issue 14)",
                P99Ms = sorted.Length > 0 ? Math.Round(Percentile(sorted, 99), 1) : (double?)null,
                Met = o.Quick ? (bool?)null : sorted.Length == o.Samples && Percentile(sorted, 99) <= 100,
            },
        });
        return 0;
    }

    private static HttpClient Client(ServiceHost host, int connections) => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false })
    {
        BaseAddress = new Uri(host.BaseUrl),
        Timeout = TimeSpan.FromMinutes(2),
    };

    private static async Task<PublishedArticle> PublishAsync(HttpClient http, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new
            {
                institution = "kominfo",
                title,
                url = $"https://kominfo.go.id/berita/{Guid.NewGuid():N}",
                summary = "Rapat koordinasi kehumasan pemerintah membahas penguatan narasi tunggal, percepatan penyebaran informasi publik dan kolaborasi antarlembaga.",
            }),
        };
        request.Headers.Add("X-Api-Key", ServiceHost.ApiKey);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/articles answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var body = await response.Content.ReadFromJsonAsync<PublishedArticle>(Json) ?? throw new InvalidOperationException("no body");
        return body;
    }

    private static async Task<int> SentAsync(ServiceHost host, Guid articleId)
    {
        await using var db = await host.Db.CreateDbContextAsync();
        return await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == articleId && d.State == DeliveryState.Sent);
    }

    private static async Task<int> TotalAsync(HttpClient http, List<Guid> articles)
    {
        var total = 0;
        foreach (var id in articles)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"/api/articles/{id}/reactions"));
            total += doc.RootElement.GetProperty("total").GetInt32();
        }

        return total;
    }

    internal static double NowUnixMs()
    {
        var now = DateTimeOffset.UtcNow;
        return now.ToUnixTimeMilliseconds() + now.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0;
    }

    private static object? Stats(double[] sorted) => sorted.Length == 0 ? null : new
    {
        P50 = Math.Round(Percentile(sorted, 50), 2),
        P95 = Math.Round(Percentile(sorted, 95), 2),
        P99 = Math.Round(Percentile(sorted, 99), 2),
        Max = Math.Round(sorted[^1], 2),
    };

    /// <summary>Nearest rank on an ascending array.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void Progress(string line) => Console.Error.WriteLine(line);

    private static async Task WriteAsync(object report) => await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json));

    private sealed record PublishedArticle(Guid Id, string Url, bool Created);
}
