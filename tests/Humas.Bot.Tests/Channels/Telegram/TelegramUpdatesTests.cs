using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>Membership, group migration, the durable polling offset and the webhook's guarantees.</summary>
public sealed class TelegramUpdatesTests
{
    private const string Secret = "s3cret_Token-1";

    private static Conversation? ConversationOf(TelegramBotHarness h, long chatId)
    {
        using var db = h.Db();
        var id = chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return db.Set<Conversation>().AsNoTracking().SingleOrDefault(c => c.Channel == "telegram" && c.ExternalId == id);
    }

    [Fact]
    public async Task Blocking_makes_the_conversation_inactive_and_unblocking_makes_it_active_again()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        h.PushMessage(1101, "/start");
        await h.ReplyAsync(1101);

        h.Push(TelegramBotHarness.MyChatMember(1101, 1101, "member", "kicked"));
        await Eventually.UntilAsync(() => ConversationOf(h, 1101)?.Status == ConversationStatus.Blocked, "blocked");

        h.Push(TelegramBotHarness.MyChatMember(1101, 1101, "kicked", "member"));
        await Eventually.UntilAsync(() => ConversationOf(h, 1101)?.Status == ConversationStatus.Active, "active again");
    }

    [Fact]
    public async Task A_group_upgraded_to_a_supergroup_keeps_its_subscriptions_under_the_new_id()
    {
        const long group = -4101;
        const long supergroup = -1_000_000_004_101;
        await using var h = await TelegramBotHarness.StartAsync();
        h.Fake.SetChatMemberStatus(group, 3101, "creator");
        h.PushMessage(group, "/start", userId: 3101);
        await h.ReplyAsync(group);
        var before = ConversationOf(h, group)!;

        var migrate = TelegramBotHarness.Message(group, 3101, null);
        migrate.Remove("text");
        migrate["migrate_to_chat_id"] = supergroup;
        h.Push(new JsonObject { ["message"] = migrate });

        await Eventually.UntilAsync(() => ConversationOf(h, supergroup) is not null, "moved conversation");
        Assert.Equal(before.Id, ConversationOf(h, supergroup)!.Id);
        Assert.Null(ConversationOf(h, group));
    }

    [Fact]
    public async Task Odd_updates_are_skipped_without_stopping_the_ones_after_them()
    {
        await using var h = await TelegramBotHarness.StartAsync();

        h.Fake.PushUpdate("""{"poll":{"id":"1","question":"?"}}""");
        h.Fake.PushUpdate("""{"message":{"message_id":1,"date":1795000000}}""");
        h.PushMessage(1102, "/bantuan");

        var help = await h.ReplyAsync(1102);
        Assert.Contains("/langganan", help.Text, StringComparison.Ordinal);
        using var db = h.Db();
        await Eventually.UntilAsync(() => h.Db().Set<TelegramInboxItem>().Count(i => i.ProcessedAt != null) == 3, "all three processed");
        Assert.Contains(db.Set<TelegramInboxItem>().AsNoTracking().ToList(), i => i.LastError is not null && i.LastError.StartsWith("unreadable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_polling_offset_survives_a_restart_nothing_lost_nothing_twice()
    {
        using var database = new TestDatabase(migrate: false);
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Humas"] = database.ConnectionString };
        long[] chats = [1201, 1202, 1203, 1204, 1205];

        var first = await TelegramBotHarness.StartAsync(settings: settings, fake: fake);
        for (var i = 0; i < 2; i++)
        {
            first.PushMessage(chats[i], "/bantuan");
        }

        await Eventually.UntilAsync(() => first.Db().Set<TelegramInboxItem>().Count(r => r.ProcessedAt != null) == 2, "two handled");
        await first.App.DisposeAsync(); // stop mid-way; the fake keeps its queue

        // Pushed while no bot runs: the 2 handled ones may still be unconfirmed at the fake.
        for (var i = 2; i < 5; i++)
        {
            fake.PushUpdate(new JsonObject { ["message"] = TelegramBotHarness.Message(chats[i], chats[i], "/bantuan") }.ToJsonString());
        }

        await using var second = await TelegramBotHarness.StartAsync(settings: settings, fake: fake);
        await Eventually.UntilAsync(() => chats.All(c => second.SentTo(c).Count >= 1), "all five answered");
        await Task.Delay(500); // room for a wrongly repeated reply to show up

        Assert.All(chats, c => Assert.Single(second.SentTo(c)));
        Assert.Equal(5, fake.RequestsFor("sendMessage").Count(r => r.Succeeded));
        Assert.Equal(5, second.Db().Set<TelegramInboxItem>().Count(r => r.ProcessedAt != null));
    }

    private static async Task<TelegramBotHarness> WebhookAsync() =>
        await TelegramBotHarness.StartAsync(settings: new()
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = Secret,
        });

    private static HttpRequestMessage Post(string body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TelegramWebhookEndpoint.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
        }

        return request;
    }

    private static string StartUpdate(long updateId, long chatId) =>
        new JsonObject { ["update_id"] = updateId, ["message"] = TelegramBotHarness.Message(chatId, chatId, "/start") }.ToJsonString();

    [Fact]
    public async Task The_webhook_refuses_a_missing_or_wrong_secret()
    {
        await using var h = await WebhookAsync();
        using var client = h.App.CreateClient();

        var missing = await client.SendAsync(Post(StartUpdate(1, 1301), secret: null));
        var wrong = await client.SendAsync(Post(StartUpdate(1, 1301), secret: Secret + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(h.Db().Set<TelegramInboxItem>().ToList());
    }

    [Fact]
    public async Task The_webhook_refuses_malformed_json_and_oversized_bodies()
    {
        await using var h = await WebhookAsync();
        using var client = h.App.CreateClient();

        var malformed = await client.SendAsync(Post("{\"update_id\": 5, \"message\": "));
        var noId = await client.SendAsync(Post("{\"message\":{}}"));
        var huge = await client.SendAsync(Post("{\"update_id\":6,\"x\":\"" + new string('a', TelegramWebhookEndpoint.MaxBodyBytes) + "\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Empty(h.Db().Set<TelegramInboxItem>().ToList());
    }

    [Fact]
    public async Task A_webhook_update_delivered_twice_is_handled_once()
    {
        await using var h = await WebhookAsync();
        using var client = h.App.CreateClient();

        var first = await client.SendAsync(Post(StartUpdate(77, 1302)));
        var again = await client.SendAsync(Post(StartUpdate(77, 1302)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await h.ReplyAsync(1302);
        await Task.Delay(500);
        Assert.Single(h.SentTo(1302));
        Assert.Single(h.Db().Set<TelegramInboxItem>().ToList());
        Assert.Empty(h.Fake.RequestsFor("getUpdates"));
    }

    [Fact]
    public async Task The_webhook_answers_200_only_once_the_update_is_stored()
    {
        await using var h = await WebhookAsync();
        using var client = h.App.CreateClient();

        var ok = await client.SendAsync(Post(StartUpdate(90, 1303)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotNull(h.Db().Set<TelegramInboxItem>().AsNoTracking().SingleOrDefault(i => i.UpdateId == 90));

        // Without a place to store it, the update must not be acknowledged: Telegram will retry.
        using (var connection = new SqliteConnection(h.Db().Database.GetConnectionString()))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE TelegramInbox";
            drop.ExecuteNonQuery();
        }

        var failed = await client.SendAsync(Post(StartUpdate(91, 1303)));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
    }

    [Fact]
    public async Task Concurrent_webhook_posts_are_each_stored_before_their_200_with_none_lost_or_doubled()
    {
        await using var h = await WebhookAsync();
        using var client = h.App.CreateClient();
        // 150 updates, 50 of them delivered twice (Telegram's retries), 32 requests at a time.
        var bodies = Enumerable.Range(1, 150).Concat(Enumerable.Range(1, 50)).Select(id => (Id: (long)id, Body: StartUpdate(id, 5000 + id))).ToList();

        using var throttle = new SemaphoreSlim(32);
        var posts = bodies.Select(async b =>
        {
            await throttle.WaitAsync();
            try
            {
                var answer = await client.SendAsync(Post(b.Body));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                // Acknowledged means durable: the row is there the moment the 200 is.
                using var db = h.Db();
                Assert.True(db.Set<TelegramInboxItem>().AsNoTracking().Any(i => i.UpdateId == b.Id), $"update {b.Id} acknowledged but not stored");
            }
            finally
            {
                throttle.Release();
            }
        });
        await Task.WhenAll(posts);

        using var check = h.Db();
        Assert.Equal(Enumerable.Range(1, 150).Select(i => (long)i), check.Set<TelegramInboxItem>().AsNoTracking().Select(i => i.UpdateId).OrderBy(i => i).ToList());
    }

    [Fact]
    public async Task When_the_write_fails_every_concurrent_webhook_post_gets_500_not_200()
    {
        await using var h = await WebhookAsync();
        using var client = h.App.CreateClient();
        using (var connection = new SqliteConnection(h.Db().Database.GetConnectionString()))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE TelegramInbox";
            drop.ExecuteNonQuery();
        }

        var answers = await Task.WhenAll(Enumerable.Range(200, 20).Select(id => client.SendAsync(Post(StartUpdate(id, 6000 + id)))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.InternalServerError, a.StatusCode));
    }
}
