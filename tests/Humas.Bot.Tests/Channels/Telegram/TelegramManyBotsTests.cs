using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// Many bots in one service: the national bot and kemensos's own bot, each behind its own webhook path and secret,
/// each answered by its own fake (one address serving both tokens, as api.telegram.org does) that enforces
/// Telegram's 30/s per bot. Readers land on the bot they wrote to, kemensos's readers follow kemensos, a kemensos
/// article goes out through kemensos's bot while a national broadcast goes out through the national bot, neither bot
/// is ever answered 429, and nobody gets an article twice.
/// </summary>
public sealed class TelegramManyBotsTests
{
    private const string KemensosToken = "222222222:AAKemensosBotTokenForTests_abcdefg";
    private const string NationalSecret = "national-secret";
    private const string KemensosSecret = "kemensos-secret";
    private const long FirstNational = 1_000_000;
    private const long FirstKemensos = 2_000_000;
    private const int Readers = 90;

    /// <summary>Starts both bots and writes to the first of them, so a test can assert on /start alone.</summary>
    private static async Task<(TelegramBotHarness Harness, FakeTelegramServer Kemensos)> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var limits = new FakeTelegramOptions { Strict = true, EnforceLimits = true, BotPerSecond = 30 };
        var national = await FakeTelegramServer.StartAsync(limits);
        var kemensos = await FakeTelegramServer.StartAsync(limits with { Token = KemensosToken });
        national.AlsoServe(kemensos);
        var h = await TelegramBotHarness.StartAsync(fake: national, settings: new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = NationalSecret,
            ["Telegram:BotPerSecond"] = "30",
            // appsettings.json's second institution is kemensos; setneg (the first) has no bot of its own.
            ["Institutions:1:Telegram:Token"] = KemensosToken,
            ["Institutions:1:Telegram:WebhookSecret"] = KemensosSecret,
        }.Concat(extra ?? []).ToDictionary());
        return (h, kemensos);
    }

    [Fact]
    public async Task A_second_bot_receives_its_own_readers_and_sends_within_its_own_limits_while_the_national_bot_sends_too()
    {
        var (h, kemensos) = await StartAsync();
        await using var _ = h;
        await using var __ = kemensos;
        var national = h.Fake;
        using var http = h.App.CreateClient();
        const long both = 3_000_000;

        // Each bot's readers over its own webhook path; one person starts both bots.
        long update = 1;
        for (var i = 0; i < Readers; i++)
        {
            await PostAsync(http, TelegramWebhookEndpoint.Path, NationalSecret, Start(update++, FirstNational + i), HttpStatusCode.OK);
            await PostAsync(http, TelegramWebhookEndpoint.Path + "/kemensos", KemensosSecret, Start(update++, FirstKemensos + i), HttpStatusCode.OK);
        }

        // Update ids are per bot: the same id on the two bots is two updates.
        await PostAsync(http, TelegramWebhookEndpoint.Path, NationalSecret, Start(5_000, both), HttpStatusCode.OK);
        await PostAsync(http, TelegramWebhookEndpoint.Path + "/kemensos", KemensosSecret, Start(5_000, both), HttpStatusCode.OK);
        // Each path takes only its own bot's secret; an institution without a bot has no path.
        await PostAsync(http, TelegramWebhookEndpoint.Path + "/kemensos", NationalSecret, Start(6_000, 9), HttpStatusCode.Unauthorized);
        await PostAsync(http, TelegramWebhookEndpoint.Path, KemensosSecret, Start(6_001, 9), HttpStatusCode.Unauthorized);
        await PostAsync(http, TelegramWebhookEndpoint.Path + "/setneg", KemensosSecret, Start(6_002, 9), HttpStatusCode.NotFound);

        await Eventually.UntilAsync(
            () => Sent(national).Count(r => r.ChatId is >= FirstNational and < FirstNational + Readers or both) == Readers + 1
                && Sent(kemensos).Count(r => r.ChatId is >= FirstKemensos and < FirstKemensos + Readers or both) == Readers + 1,
            "every reader's welcome from the bot they wrote to", TimeSpan.FromSeconds(90));
        Assert.DoesNotContain(Sent(national), r => r.ChatId is >= FirstKemensos and < FirstKemensos + Readers);
        Assert.DoesNotContain(Sent(kemensos), r => r.ChatId is >= FirstNational and < FirstNational + Readers);

        // Readers land on the bot they wrote to: kemensos's readers follow kemensos, the national bot's everything.
        await using (var db = h.Db())
        {
            var conversations = await db.Set<Conversation>().AsNoTracking().Where(c => c.Channel == "telegram").ToListAsync();
            Assert.Equal(Readers + 1, conversations.Count(c => c.Account == "kemensos"));
            Assert.Equal(Readers + 1, conversations.Count(c => c.Account == ""));
            Assert.Equal(2, conversations.Count(c => c.ExternalId == both.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var follows = await db.Set<Subscription>().AsNoTracking()
                .Join(db.Set<Conversation>(), s => s.ConversationId, c => c.Id, (s, c) => new { c.Account, s.Target, s.Value })
                .ToListAsync();
            Assert.All(follows.Where(f => f.Account == "kemensos"), f => Assert.Equal((SubscriptionTarget.Institution, "kemensos"), (f.Target, f.Value)));
            Assert.All(follows.Where(f => f.Account == ""), f => Assert.Equal(SubscriptionTarget.All, f.Target));
        }

        // A kemensos article and a national broadcast (another institution's article, which only the national bot's readers follow) at once.
        Guid ofKemensos, broadcast;
        await using (var db = h.Db())
        {
            var now = DateTime.UtcNow;
            ofKemensos = PublishedArticles.Add(db, "Bansos tahap dua cair", now, institution: "kemensos").ArticleId;
            broadcast = PublishedArticles.Add(db, "Agenda Presiden pekan ini", now, institution: "setneg").ArticleId;
            await db.SaveChangesAsync();
        }

        // The national bot: the broadcast to all its readers, the kemensos article to those who have no kemensos bot
        // conversation; kemensos's bot: the kemensos article to its readers, the person on both bots among them.
        await Eventually.UntilAsync(
            () => Articles(national) == 2 * Readers + 1 && Articles(kemensos) == Readers + 1,
            "both broadcasts through both bots", TimeSpan.FromSeconds(120));
        Assert.Equal(0, national.Requests.Count(r => r.StatusCode == 429));
        Assert.Equal(0, kemensos.Requests.Count(r => r.StatusCode == 429));
        Assert.Equal(0, national.Counters.TooManyRequests);
        Assert.Equal(0, kemensos.Counters.TooManyRequests);
        // Each bot has its own 30/s: together they sent more than one bot may in some second.
        var times = Sent(national).Concat(Sent(kemensos)).Where(IsArticle).Select(r => r.ReceivedAt).Order().ToList();
        var busiest = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(busiest > 30, $"at most {busiest} articles in one second across both bots");

        // Nobody twice: each chat got each article once, through one bot; the person on both bots got the kemensos
        // article through kemensos's bot and the broadcast through the national bot.
        var articles = Sent(national).Concat(Sent(kemensos)).Where(r => IsArticle(r)).ToList();
        Assert.All(articles.GroupBy(r => (r.ChatId, Title(r))), g => Assert.Single(g));
        Assert.Single(Sent(kemensos), r => r.ChatId == both && IsArticle(r));
        Assert.Single(Sent(national), r => r.ChatId == both && IsArticle(r));
        // Every row recorded Sent: a result is written in the dispatcher's next group commit, a moment after the
        // fake has answered, so this waits for it.
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Humas.Bot.Delivery.Model.DeliveryRecord>().AsNoTracking()
                .Count(d => (d.ArticleId == ofKemensos || d.ArticleId == broadcast) && d.State == Humas.Bot.Delivery.Model.DeliveryState.Sent) == 3 * Readers + 2;
        }, "every delivery recorded Sent");
        await using (var db = h.Db())
        {
            var deliveries = await db.Set<Humas.Bot.Delivery.Model.DeliveryRecord>().AsNoTracking()
                .Where(d => d.ArticleId == ofKemensos || d.ArticleId == broadcast).ToListAsync();
            Assert.Equal(3 * Readers + 2, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal(Humas.Bot.Delivery.Model.DeliveryState.Sent, d.State));
        }
    }

    [Fact]
    public async Task A_tip_sent_to_an_institutions_own_bot_is_that_institutions_without_the_institution_question()
    {
        // Auto asks once an institution has an editors' chat of its own: kemensos's group here, so the national bot asks.
        var (h, kemensos) = await StartAsync(new() { ["Institutions:1:Telegram:EditorsChatId"] = "-1001000000002" });
        await using var _ = h;
        await using var __ = kemensos;
        using var http = h.App.CreateClient();
        const long citizen = 4_000_001;
        const string own = TelegramWebhookEndpoint.Path + "/kemensos";
        long update = 1;

        // Through kemensos's bot: she chose kemensos by writing there, so the story is asked for at once.
        await PostAsync(http, own, KemensosSecret, Text(update++, citizen, "/usulan"), HttpStatusCode.OK);
        await WaitForAsync(kemensos, citizen, "Ceritakan apa yang terjadi");
        Assert.DoesNotContain(Sent(kemensos).Concat(Sent(h.Fake)), r => r.ChatId == citizen && r.Text?.Contains("instansi mana", StringComparison.Ordinal) == true);

        await PostAsync(http, own, KemensosSecret, Text(update++, citizen, "Penyaluran bansos di desa kami tertunda dua minggu"), HttpStatusCode.OK);
        foreach (var action in new[] { "t:done", "t:skip", "t:send" })
        {
            await WaitForButtonAsync(kemensos, citizen, action);
            await PostAsync(http, own, KemensosSecret, Press(update++, citizen, action), HttpStatusCode.OK);
        }

        var receipt = await WaitForAsync(kemensos, citizen, "USL-");
        var ticket = System.Text.RegularExpressions.Regex.Match(receipt.Text!, @"USL-\d{6}-\d{4,}").Value;
        await using (var db = h.Db())
        {
            Assert.Equal("kemensos", (await db.Set<Humas.Bot.Tips.Model.Tip>().AsNoTracking().SingleAsync(t => t.Ticket == ticket)).InstitutionId);
        }

        // The same person through the national bot is asked, as before.
        await PostAsync(http, TelegramWebhookEndpoint.Path, NationalSecret, Text(1, citizen, "/usulan"), HttpStatusCode.OK);
        await WaitForAsync(h.Fake, citizen, "Usulan ini untuk instansi mana?");
    }

    private static JsonObject Text(long updateId, long userId, string text) => new()
    {
        ["update_id"] = updateId,
        ["message"] = TelegramBotHarness.Message(userId, userId, text),
    };

    private static JsonObject Press(long updateId, long userId, string data)
    {
        var update = TelegramBotHarness.CallbackQuery($"press-{updateId}", userId, data, userId);
        update["update_id"] = updateId;
        return update;
    }

    private static async Task<RecordedRequest> WaitForAsync(FakeTelegramServer fake, long chat, string contains)
    {
        RecordedRequest? found = null;
        await Eventually.UntilAsync(
            () => (found = Sent(fake).FirstOrDefault(r => r.ChatId == chat && r.Text?.Contains(contains, StringComparison.Ordinal) == true)) is not null,
            $"\"{contains}\" in chat {chat}");
        return found!;
    }

    private static Task WaitForButtonAsync(FakeTelegramServer fake, long chat, string action) =>
        Eventually.UntilAsync(
            () => Sent(fake).Any(r => r.ChatId == chat && r.ReplyMarkupJson?.Contains($"\"{action}", StringComparison.Ordinal) == true),
            $"a button {action} in chat {chat}");

    private static JsonObject Start(long updateId, long userId) => new()
    {
        ["update_id"] = updateId,
        ["message"] = TelegramBotHarness.Message(userId, userId, "/start"),
    };

    private static async Task PostAsync(HttpClient http, string path, string secret, JsonObject update, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(update) };
        request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
        using var response = await http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    private static IEnumerable<RecordedRequest> Sent(FakeTelegramServer fake) =>
        fake.Requests.Where(r => r.Method is "sendMessage" or "sendPhoto" && r.Succeeded);

    private static bool IsArticle(RecordedRequest r) => Title(r) is not null;

    private static string? Title(RecordedRequest r) =>
        r.Text?.Contains("Bansos tahap dua cair", StringComparison.Ordinal) == true ? "kemensos"
        : r.Text?.Contains("Agenda Presiden pekan ini", StringComparison.Ordinal) == true ? "broadcast"
        : null;

    private static int Articles(FakeTelegramServer fake) => Sent(fake).Count(IsArticle);
}
