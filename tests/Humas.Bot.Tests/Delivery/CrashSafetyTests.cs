using System.Globalization;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Humas.Bot.Tests.Delivery;

/// <summary>
/// Issue #3 item 7: the real Humas.Bot executable, killed with SIGKILL three times in the middle of one
/// broadcast and restarted each time, still delivers to every subscriber, sends at most the documented
/// in-flight window twice per kill (Delivery:Concurrency), and ends with every delivery Sent with the
/// message id the platform gave it. Everything is counted by the fake Telegram server, not assumed.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Subscribers = 2_000;
    private const int Concurrency = 16;
    private const long FirstChatId = 700_000_000;

    /// <summary>Cumulative successful sends at which the service is killed: about a quarter, half and three quarters through.</summary>
    private static readonly int[] KillAfterSends = [450, 1_000, 1_550];

    [Fact]
    public async Task A_broadcast_killed_three_times_mid_send_reaches_everyone_with_at_most_the_in_flight_window_sent_twice()
    {
        // 1% of requests answered 502 (seeded), so retries are part of the run; no platform limits on the fake,
        // the engine itself paces at 200/s so each kill point is a few seconds apart even on a fast machine.
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { ServerErrorRate = 0.01, Seed = 7 });
        using var database = new TestDatabase();
        var articleId = await SeedAsync(database);
        var environment = Environment(database, fake);

        var kills = new List<(int SendsAtKill, int DistinctChatsAtKill)>();
        foreach (var threshold in KillAfterSends)
        {
            using var service = ServiceProcess.Start(["--urls", "http://127.0.0.1:0"], environment, database.Folder);
            await Until(() => Task.FromResult(fake.Counters.Delivered >= threshold), service, "the fake to receive " + threshold + " sends");
            service.Kill();
            await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
            kills.Add(((int)fake.Counters.Delivered, DeliveredChats(fake).Count));
        }

        // Every kill happened mid-broadcast: some, not all, subscribers had their message.
        Assert.All(kills, k => Assert.InRange(k.DistinctChatsAtKill, 1, Subscribers - 1));

        using (var last = ServiceProcess.Start(["--urls", "http://127.0.0.1:0"], environment, database.Folder))
        {
            await Until(() => Task.FromResult(DeliveredChats(fake).Count == Subscribers), last, "every subscriber to receive the article");
            await Until(() => AllSentAsync(database, articleId), last, "every delivery to be recorded as Sent");
            last.Terminate();
            Assert.Equal(0, await last.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        // From the fake's log: everyone at least once, duplicates within the window.
        var successes = fake.Requests.Where(r => r is { Method: "sendMessage", StatusCode: 200 }).ToList();
        var perChat = successes.GroupBy(r => r.ChatId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Subscribers, perChat.Count);
        Assert.All(Enumerable.Range(0, Subscribers), i => Assert.True(perChat.ContainsKey(FirstChatId + i), $"chat {FirstChatId + i} got nothing"));
        var duplicates = successes.Count - Subscribers;
        output.WriteLine($"kills at (sends, distinct chats): {string.Join(", ", kills)}; successful sends {successes.Count}; " +
                         $"duplicates {duplicates} (allowed {KillAfterSends.Length * Concurrency}); 502s {fake.Requests.Count(r => r.StatusCode == 502)}");
        Assert.InRange(duplicates, 0, KillAfterSends.Length * Concurrency);
        Assert.All(successes, r => Assert.Contains("Uji ketahanan", r.Text, StringComparison.Ordinal));

        // From the database: every delivery Sent, with a message id the fake really gave that chat.
        await using var db = database.CreateDbContext();
        var rows = await db.Set<DeliveryRecord>().AsNoTracking()
            .Join(db.Set<Conversation>(), d => d.ConversationId, c => c.Id, (d, c) => new { d.State, d.MessageId, d.ArticleId, c.ExternalId })
            .ToListAsync();
        Assert.Equal(Subscribers, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(articleId, r.ArticleId);
            Assert.Equal(DeliveryState.Sent, r.State);
            Assert.False(string.IsNullOrEmpty(r.MessageId));
            var chat = long.Parse(r.ExternalId, CultureInfo.InvariantCulture);
            Assert.Contains(perChat[chat], s => s.MessageId.ToString() == r.MessageId);
        });
    }

    private static Dictionary<string, string?> Environment(TestDatabase database, FakeTelegramServer fake) => new()
    {
        ["ConnectionStrings__Humas"] = database.ConnectionString,
        ["Telegram__Token"] = fake.Token,
        ["Telegram__ApiBaseUrl"] = fake.BaseUrl,
        ["Telegram__RequestTimeoutSeconds"] = "10",
        ["Delivery__Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
        ["Telegram__BotPerSecond"] = "200",
        ["Delivery__LeaseSeconds"] = "5",
        ["Delivery__IdlePollMilliseconds"] = "50",
        ["Delivery__BackoffBaseSeconds"] = "0.2",
        ["Delivery__BackoffCapSeconds"] = "1",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>2,000 private chats following everything, and one article with its "published" event.</summary>
    private static async Task<Guid> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var now = DateTime.UtcNow;
        await SeededReaders.AddAsync(db, FirstChatId, Subscribers, now);
        var evt = PublishedArticles.Add(db, "Uji ketahanan pengiriman", now, summary: "Ringkasan berita untuk uji kill -9.");
        await db.SaveChangesAsync();
        return evt.ArticleId;
    }

    private static HashSet<long> DeliveredChats(FakeTelegramServer fake) =>
        fake.Requests.Where(r => r is { Method: "sendMessage", StatusCode: 200 }).Select(r => r.ChatId!.Value).ToHashSet();

    private static async Task<bool> AllSentAsync(TestDatabase database, Guid articleId)
    {
        await using var db = database.CreateDbContext();
        return await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == articleId && d.State == DeliveryState.Sent) == Subscribers;
    }

    /// <summary>Waits on a condition, not a clock: generous for a loaded 2-core CI machine, and fails fast if the service died.</summary>
    private static async Task Until(Func<Task<bool>> condition, ServiceProcess service, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(service.HasExited, "the service exited early: " + service.StandardError);
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The service holds the write lock for a moment; ask again.
            }

            await Task.Delay(10);
        }

        Assert.Fail($"timed out waiting for {what}. stdout: {service.StandardOutput} stderr: {service.StandardError}");
    }
}
