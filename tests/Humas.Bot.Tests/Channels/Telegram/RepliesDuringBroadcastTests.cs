using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Feedback;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// Every call to Telegram meets the one gateway: a broadcast paced at the bot's limit while readers send
/// commands and press buttons must not push the bot over the limit, and the readers' answers go first.
/// </summary>
public sealed class RepliesDuringBroadcastTests
{
    private const long FirstSubscriber = 700_000;
    // Ten seconds of broadcast at 30/s: room for the readers' updates to be taken in and answered while it runs, on a loaded machine too.
    private const int Subscribers = 300;
    private const long FirstReader = 900_000;
    private const int Readers = 30;

    [Fact]
    public async Task Command_replies_and_button_answers_during_a_broadcast_are_never_answered_429()
    {
        // The fake enforces Telegram's 30/s and the bot runs at the same 30/s, so a send that bypasses the gateway
        // (or a gateway that forgets replies) gets a 429, and so does a limiter that counts a call from its grant
        // rather than from its arrival (see SlidingWindowLog). Before the gateway, replies went straight to the
        // client: a burst of thirty replies on top of the broadcast was answered 429.
        var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true, EnforceLimits = true, BotPerSecond = 30 });
        await using var h = await TelegramBotHarness.StartAsync(settings: new() { ["Telegram:BotPerSecond"] = "30" }, fake: fake);
        Guid articleId;
        await using (var db = h.Db())
        {
            var now = DateTime.UtcNow;
            await SeededReaders.AddAsync(db, FirstSubscriber, Subscribers, now);
            articleId = PublishedArticles.Add(db, "Siaran pers", now).ArticleId;
            await db.SaveChangesAsync();
        }

        await Eventually.UntilAsync(() => Broadcast(fake) >= 25, "the broadcast to start");
        for (var i = 0; i < Readers; i++)
        {
            h.PushMessage(FirstReader + i, "/bantuan");
            h.Push(TelegramBotHarness.CallbackQuery($"press-{i}", FirstReader + i, ReactionActionData.Encode(articleId, 1 + (i % 5)), FirstSubscriber + i));
        }

        await Eventually.UntilAsync(
            () => Answered(fake, "sendMessage") >= Readers && Answered(fake, "answerCallbackQuery") >= Readers, "every reader's reply and answer", TimeSpan.FromSeconds(90));
        await Eventually.UntilAsync(() => Broadcast(fake) >= Subscribers, "the whole broadcast", TimeSpan.FromSeconds(90));

        var toReaders = fake.Requests.Where(r => r.Method == "answerCallbackQuery" || r.ChatId >= FirstReader).ToList();
        var refused = fake.Requests.Where(r => r.StatusCode == 429).ToList();
        // Which ones, and what the same chat received around them, so a failure says which limit was crossed.
        Assert.True(refused.Count == 0, string.Join("\n", refused.Select(r => $"429 {r.Method} chat {r.ChatId} at {r.ReceivedAt:O} after "
            + $"{fake.Requests.Count(o => o.StatusCode == 200 && o.ReceivedAt > r.ReceivedAt.AddSeconds(-1) && o.ReceivedAt <= r.ReceivedAt)} answered 200 in the second before; the chat's requests: "
            + string.Join(", ", fake.Requests.Where(o => o.ChatId == r.ChatId && r.ChatId is not null).Select(o => $"{o.Method} {o.StatusCode} {o.ReceivedAt:HH:mm:ss.fff}"))
            + "; every request of the second before: " + string.Join(" ", fake.Requests.Where(o => o.ReceivedAt > r.ReceivedAt.AddSeconds(-1.1) && o.ReceivedAt <= r.ReceivedAt).OrderBy(o => o.ReceivedAt).Select(o => $"{o.ReceivedAt:ss.fff}:{o.Method[..5]}:{o.ChatId}:{o.StatusCode}")))));
        Assert.Equal(Readers, toReaders.Count(r => r is { Method: "answerCallbackQuery", StatusCode: 200 }));
        // Replies went first: every reader was answered before the broadcast finished.
        var lastReply = toReaders.Where(r => r.Method == "sendMessage").Max(r => r.ReceivedAt);
        var lastArticle = fake.Requests.Where(r => r.ChatId is >= FirstSubscriber and < FirstSubscriber + Subscribers && r.StatusCode == 200).Max(r => r.ReceivedAt);
        Assert.True(lastReply < lastArticle, $"last reply {lastReply:O}, last article {lastArticle:O}");
    }

    private static int Broadcast(FakeTelegramServer fake) =>
        fake.Requests.Count(r => r.ChatId is >= FirstSubscriber and < FirstSubscriber + Subscribers && r.Method is "sendMessage" or "sendPhoto" && r.StatusCode == 200);

    private static int Answered(FakeTelegramServer fake, string method) =>
        fake.Requests.Count(r => r.Method == method && r.StatusCode == 200 && (method == "answerCallbackQuery" || r.ChatId >= FirstReader));
}
