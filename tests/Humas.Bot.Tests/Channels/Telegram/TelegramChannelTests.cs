using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Channels.Telegram.Reactions;
using Humas.Bot.Delivery.Model;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Feedback;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Testing;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// A ministry's channel, a group and a forum topic, end to end against the strict fake Bot API, with the real
/// host polling it: the bot is made administrator (my_chat_member), an editor connects the place to an
/// institution, articles of that institution (and only they) are posted there, readers vote, Telegram's own
/// reactions are counted beside the votes, and removing the bot ends it.
/// </summary>
public sealed class TelegramChannelTests
{
    private const string ApiKey = "channel-test-key";
    private const long Channel = -1001700000001;
    private const long Group = -1001700000002;
    private const long Forum = -1001700000003;
    private const long ChannelAdmin = 4001;
    private const long Reader = 4100;

    private static Dictionary<string, string?> Settings() => new() { ["Publishing:ApiKeys:0"] = ApiKey, ["Reactions:RefreshSeconds"] = "1" };

    [Fact]
    public async Task A_channel_connected_to_one_institution_gets_one_post_per_article_of_it_readers_vote_and_removing_the_bot_ends_it()
    {
        var logs = new FakeLoggerProvider();
        await using var h = await TelegramBotHarness.StartAsync(s => s.AddSingleton<ILoggerProvider>(logs), Settings());
        h.Fake.SetChat(Channel, "channel", "Kanal Kominfo", "kanalkominfo");
        await EnsureInstitutionsAsync(h);
        await SubscribeReaderAsync(h);

        // The bot is made administrator with the right to post: the channel waits to be connected.
        h.Push(MyChatMember(Channel, "channel", "left", Administrator(canPost: true)));
        var waiting = await PlaceAsync(h, Channel, p => p.State == ChatConnectionState.Waiting);
        Assert.Equal("Kanal Kominfo", waiting.Title);

        // /start posted in the channel is not answered (a welcome would reach every follower), only logged.
        var start = h.Push(new JsonObject { ["channel_post"] = ChannelPost(Channel, 10, "/start") });
        await HandledAsync(h, start);
        Assert.Contains(logs.Collector.Lines(), l => l.Contains("command /start ignored", StringComparison.Ordinal) && l.Contains(Channel.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Empty(ToChat(h, Channel));

        // Connected to kominfo (what the dashboard and `telegram channels connect` do).
        var connections = h.App.Services.GetRequiredService<ChatConnections>();
        await connections.ConnectAsync(waiting.ConversationId, ["kominfo"], default);

        using var api = Api(h);
        var kominfo = await PublishAsync(api, "kominfo", "Literasi Digital untuk Desa", "https://www.kominfo.go.id/berita/literasi-digital");
        var setneg = await PublishAsync(api, "setneg", "Rakor Kehumasan Setneg", "https://www.setneg.go.id/baca/rakor-kehumasan");
        await AllSettledAsync(h, kominfo);
        await AllSettledAsync(h, setneg);

        // Exactly one post, for the kominfo article: five reaction buttons and "Baca selengkapnya".
        var post = Assert.Single(Posts(h, Channel));
        Assert.Contains("Literasi Digital untuk Desa", post.Text, StringComparison.Ordinal);
        using (var markup = JsonDocument.Parse(post.ReplyMarkupJson!))
        {
            var rows = markup.RootElement.GetProperty("inline_keyboard");
            Assert.Equal(5, rows[0].GetArrayLength());
            Assert.All(rows[0].EnumerateArray(), b => Assert.StartsWith("r1:", b.GetProperty("callback_data").GetString(), StringComparison.Ordinal));
            Assert.Equal("Baca selengkapnya", rows[1][0].GetProperty("text").GetString());
            Assert.Equal("https://www.kominfo.go.id/berita/literasi-digital", rows[1][0].GetProperty("url").GetString());
        }

        // Two channel readers vote under the post; the counters move.
        h.Push(VoteUnder(Channel, post.MessageId!.Value, "cq-1", 5001, kominfo, option: 1));
        h.Push(VoteUnder(Channel, post.MessageId!.Value, "cq-2", 5002, kominfo, option: 2));
        await Eventually.UntilAsync(() => TallyAsync(api, kominfo).Result.SequenceEqual([1, 1, 0, 0, 0]), "two votes counted");
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Count(r => r.Succeeded) == 2, "both presses answered");

        // The bot is removed: the channel becomes inactive with a note, and the next article is not posted there.
        h.Push(MyChatMember(Channel, "channel", "administrator", new JsonObject { ["status"] = "left", ["user"] = Bot() }));
        var removed = await PlaceAsync(h, Channel, p => p.State == ChatConnectionState.Inactive);
        Assert.Contains("removed from the channel", removed.Note, StringComparison.Ordinal);
        var later = await PublishAsync(api, "kominfo", "Kominfo Gelar Pelatihan Humas", "https://www.kominfo.go.id/berita/pelatihan-humas");
        await AllSettledAsync(h, later);
        Assert.Single(Posts(h, Channel));

        // Nothing else ever went to the channel: one post, then only counter edits of that post.
        Assert.All(ToChat(h, Channel), r => Assert.True(
            r.Method is "sendMessage" or "sendPhoto" || (r.Method.StartsWith("editMessage", StringComparison.Ordinal) && r.MessageId == post.MessageId),
            $"{r.Method} to the channel"));
    }

    [Fact]
    public async Task Taking_the_post_right_makes_the_channel_inactive_with_a_note_and_giving_it_back_resumes_its_connection()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: Settings());
        await EnsureInstitutionsAsync(h);
        h.Push(MyChatMember(Channel, "channel", "left", Administrator(canPost: true)));
        var place = await PlaceAsync(h, Channel, p => p.State == ChatConnectionState.Waiting);
        await h.App.Services.GetRequiredService<ChatConnections>().ConnectAsync(place.ConversationId, ["kominfo", "setneg"], default);

        h.Push(MyChatMember(Channel, "channel", "administrator", Administrator(canPost: false)));
        var inactive = await PlaceAsync(h, Channel, p => p.State == ChatConnectionState.Inactive);
        h.Push(MyChatMember(Channel, "channel", "administrator", Administrator(canPost: true)));
        var back = await PlaceAsync(h, Channel, p => p.State == ChatConnectionState.Connected);

        Assert.Contains("right to post messages was taken by Rina (@rina_humas)", inactive.Note, StringComparison.Ordinal);
        Assert.Equal(["kominfo", "setneg"], back.Institutions);
        Assert.Null(back.Note);
    }

    [Fact]
    public async Task A_group_connected_from_the_dashboard_gets_the_articles_of_its_institution()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        var settings = Settings();
        settings["Telegram:Token"] = fake.Token;
        settings["Telegram:ApiBaseUrl"] = fake.BaseUrl;
        using var admin = new AdminHarness(settings);
        _ = admin.App.Services;
        await EnsureInstitutionsAsync(admin.App);
        var editor = await admin.SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);

        // Added to a group as a plain member: it is listed, waiting.
        fake.PushUpdate(MyChatMember(Group, "supergroup", "left", new JsonObject { ["status"] = "member", ["user"] = Bot() }).ToJsonString());
        var waiting = await PlaceAsync(admin.App, Group, p => p.State == ChatConnectionState.Waiting);
        var page = await editor.GetStringAsync("/admin/kanal");
        Assert.Contains($"data-chat=\"{Group}\" data-state=\"waiting\"", page, StringComparison.Ordinal);

        var connect = await AdminHarness.PostFormAsync(editor, "/admin/kanal", "/admin/kanal?handler=Connect", new()
        {
            ["id"] = waiting.ConversationId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["institution"] = "kemensos",
        });
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        Assert.Equal(ChatConnectionState.Connected, (await PlaceAsync(admin.App, Group, _ => true)).State);

        using var api = admin.App.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var article = await PublishAsync(api, "kemensos", "Bansos Tahap Dua Cair", "https://kemensos.go.id/berita/bansos-tahap-dua");
        await Eventually.UntilAsync(() => fake.RequestsFor("sendMessage").Any(r => r.ChatId == Group && r.Succeeded), "the article in the group");
        Assert.Contains("Bansos Tahap Dua Cair", Assert.Single(fake.RequestsFor("sendMessage"), r => r.ChatId == Group).Text, StringComparison.Ordinal);

        // A viewer sees the page but may not connect.
        var viewer = await admin.SignedInAsync("pembaca@kominfo.go.id", AdminRole.Viewer);
        Assert.DoesNotContain("handler=Connect", await viewer.GetStringAsync("/admin/kanal"), StringComparison.Ordinal);
        _ = article;
    }

    [Fact]
    public async Task A_topic_subscription_gets_its_articles_and_replies_in_its_topic_and_the_general_topic_works_as_before()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: Settings());
        await EnsureInstitutionsAsync(h);
        h.Fake.SetChatMemberStatus(Forum, ChannelAdmin, "administrator");

        // /start in topic 7 and in the General topic (no thread): two conversations, each answered where it was asked.
        h.Push(new JsonObject { ["message"] = ForumMessage(7, "/start") });
        h.Push(new JsonObject { ["message"] = ForumMessage(null, "/start") });
        await Eventually.UntilAsync(() => h.SentTo(Forum).Count >= 2, "two welcomes");
        Assert.Equal([7, null], h.SentTo(Forum).Select(r => r.MessageThreadId).OrderByDescending(t => t ?? 0).ToArray());
        h.Push(new JsonObject { ["message"] = ForumMessage(7, "/bantuan") });
        await Eventually.UntilAsync(() => h.SentTo(Forum).Count >= 3, "help in the topic");
        Assert.Equal(7, h.SentTo(Forum)[2].MessageThreadId);

        using var api = Api(h);
        var article = await PublishAsync(api, "setneg", "Rapat Koordinasi Kehumasan", "https://www.setneg.go.id/baca/rapat-koordinasi");
        await AllSettledAsync(h, article);

        var posts = Posts(h, Forum).Where(r => r.Text!.Contains("Rapat Koordinasi Kehumasan", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains(posts, p => p.MessageThreadId == 7);
        Assert.Contains(posts, p => p.MessageThreadId is null);
        using var db = h.Db();
        Assert.Equal(
            ["-1001700000003", "-1001700000003:7"],
            db.Set<Conversation>().Where(c => c.ExternalId.StartsWith("-1001700000003")).Select(c => c.ExternalId).OrderBy(x => x).ToArray());

        // The bot kicked from the forum: its topics end with it.
        h.Push(MyChatMember(Forum, "supergroup", "administrator", new JsonObject { ["status"] = "kicked", ["user"] = Bot(), ["until_date"] = 0 }));
        await Eventually.UntilAsync(() =>
        {
            using var check = h.Db();
            return check.Set<Conversation>().Where(c => c.ExternalId.StartsWith("-1001700000003")).All(c => c.Status == ConversationStatus.Left);
        }, "the forum and its topic inactive");
    }

    [Fact]
    public async Task Telegrams_own_reactions_are_counted_per_delivered_message_and_kept_apart_from_the_votes()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: Settings());
        await EnsureInstitutionsAsync(h);
        h.Push(MyChatMember(Channel, "channel", "left", Administrator(canPost: true)));
        h.Push(MyChatMember(Group, "supergroup", "left", Administrator(canPost: null)));
        var channel = await PlaceAsync(h, Channel, p => p.State == ChatConnectionState.Waiting);
        var group = await PlaceAsync(h, Group, p => p.State == ChatConnectionState.Waiting);
        var connections = h.App.Services.GetRequiredService<ChatConnections>();
        await connections.ConnectAsync(channel.ConversationId, ["kominfo"], default);
        await connections.ConnectAsync(group.ConversationId, ["kominfo"], default);
        using var api = Api(h);
        var article = await PublishAsync(api, "kominfo", "Satu Data Indonesia", "https://www.kominfo.go.id/berita/satu-data");
        await AllSettledAsync(h, article);
        var inChannel = Assert.Single(Posts(h, Channel)).MessageId!.Value;
        var inGroup = Assert.Single(Posts(h, Group)).MessageId!.Value;

        // Anonymous totals in the channel (replaced by each update); one person's changes in the group.
        h.Push(ReactionCount(Channel, inChannel, ("👍", 3), ("❤", 1)));
        h.Push(ReactionCount(Channel, inChannel, ("👍", 5), ("❤", 1)));
        h.Push(ReactionChange(Group, inGroup, Reader, [], ["👍"]));
        h.Push(ReactionChange(Group, inGroup, Reader + 1, [], ["🔥"]));
        var lastInGroup = h.Push(ReactionChange(Group, inGroup, Reader, ["👍"], ["🔥"]));
        var last = h.Push(ReactionCount(Channel, 999_999, ("😢", 9))); // not a delivered article: ignored
        // Chats are handled side by side: the channel's last update says nothing of the group's.
        await HandledAsync(h, last);
        await HandledAsync(h, lastInGroup);

        var counts = await h.App.Services.GetServices<IPlatformReactionSource>().Single().CountsAsync(article, default);
        Assert.Equal([new PlatformReactionCount("👍", 5), new PlatformReactionCount("🔥", 2), new PlatformReactionCount("❤", 1)], counts);
        var tally = await TallyAsync(api, article);
        Assert.Equal([0, 0, 0, 0, 0], tally);
        using (var db = h.Db())
        {
            Assert.DoesNotContain(db.Set<TelegramReactionCount>(), r => r.Reaction == "😢");
        }

        // The article's report shows them beside the five options.
        var admin = new AdminHarnessOver(h);
        var page = WebUtility.HtmlDecode(await (await admin.SignedInAsync()).GetStringAsync($"/admin/artikel/{article}"));
        Assert.Contains("id=\"platform-reactions\"", page, StringComparison.Ordinal);
        Assert.Contains("data-reaction=\"👍\"", page, StringComparison.Ordinal);

        // Telegram sends reactions only when they are named in allowed_updates; so is my_chat_member.
        var asked = h.Fake.RequestsFor("getUpdates")[0].AllowedUpdates!;
        Assert.Contains("message_reaction", asked);
        Assert.Contains("message_reaction_count", asked);
        Assert.Contains("my_chat_member", asked);
    }

    // ---- helpers ----

    private static HttpClient Api(TelegramBotHarness h)
    {
        var client = h.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    private static async Task<Guid> PublishAsync(HttpClient api, string institution, string title, string url)
    {
        var response = await api.PostAsJsonAsync("/api/articles", new
        {
            institution,
            title,
            url,
            summary = "Ringkasan berita untuk pembaca.",
            publishedAt = "2026-11-30T09:00:00+07:00",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private static async Task<int[]> TallyAsync(HttpClient api, Guid article)
    {
        var tally = await api.GetFromJsonAsync<JsonElement>($"/api/articles/{article}/reactions");
        return tally.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("count").GetInt32()).ToArray();
    }

    private static Task EnsureInstitutionsAsync(TelegramBotHarness h) => EnsureInstitutionsAsync(h.App);

    private static async Task EnsureInstitutionsAsync(HumasAppFactory app)
    {
        await using var db = app.CreateDbContext();
        foreach (var (id, name) in new[] { ("kominfo", "Kementerian Komunikasi dan Informatika"), ("setneg", "Kementerian Sekretariat Negara"), ("kemensos", "Kementerian Sosial") })
        {
            if (!await db.Set<Institution>().AnyAsync(i => i.Id == id))
            {
                db.Add(new Institution { Id = id, Name = name, CreatedAt = DateTime.UtcNow });
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A private reader following everything, so every article has at least one delivery to wait for.</summary>
    private static async Task SubscribeReaderAsync(TelegramBotHarness h)
    {
        h.PushMessage(Reader, "/start");
        await h.ReplyAsync(Reader);
    }

    private static Task<ChatConnection> PlaceAsync(TelegramBotHarness h, long chatId, Func<ChatConnection, bool> state) => PlaceAsync(h.App, chatId, state);

    private static async Task<ChatConnection> PlaceAsync(HumasAppFactory app, long chatId, Func<ChatConnection, bool> state)
    {
        var connections = app.Services.GetRequiredService<ChatConnections>();
        var id = chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ChatConnection? place = null;
        await Eventually.UntilAsync(() => (place = connections.FindAsync("telegram", id, default).Result) is { } p && state(p), $"chat {chatId} in the expected state");
        return place!;
    }

    /// <summary>Every delivery of the article has reached a final state (sent, skipped, given up…).</summary>
    private static async Task AllSettledAsync(TelegramBotHarness h, Guid article)
    {
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            var states = db.Set<DeliveryRecord>().Where(d => d.ArticleId == article).Select(d => d.State).ToList();
            return states.Count > 0 && states.All(s => s is not (DeliveryState.Pending or DeliveryState.Sending or DeliveryState.Retrying));
        }, $"article {article} settled");
    }

    private static async Task HandledAsync(TelegramBotHarness h, long updateId) =>
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Humas.Bot.Channels.Telegram.Updates.TelegramInboxItem>().Any(i => i.UpdateId == updateId && i.ProcessedAt != null);
        }, $"update {updateId} handled");

    private static IReadOnlyList<RecordedRequest> ToChat(TelegramBotHarness h, long chatId) =>
        h.Fake.Requests.Where(r => r.ChatId == chatId && r.Method != "getChatMember").ToList();

    private static IReadOnlyList<RecordedRequest> Posts(TelegramBotHarness h, long chatId) =>
        h.Fake.Requests.Where(r => r.ChatId == chatId && r.Succeeded && r.Method is "sendMessage" or "sendPhoto").ToList();

    private static JsonObject Bot() => new() { ["id"] = 123456789, ["is_bot"] = true, ["first_name"] = "Humas Fake", ["username"] = "humas_fake_bot" };

    private static JsonObject Administrator(bool? canPost)
    {
        var member = new JsonObject { ["status"] = "administrator", ["user"] = Bot(), ["can_be_edited"] = false, ["can_manage_chat"] = true };
        if (canPost is { } post)
        {
            member["can_post_messages"] = post;
        }

        return member;
    }

    private static JsonObject MyChatMember(long chatId, string type, string oldStatus, JsonObject newMember) =>
        MyChatMember(chatId, type, oldStatus == "administrator" ? Administrator(canPost: type == "channel" ? true : null) : new JsonObject { ["status"] = oldStatus, ["user"] = Bot() }, newMember);

    private static JsonObject MyChatMember(long chatId, string type, JsonObject oldMember, JsonObject newMember) => new()
    {
        ["my_chat_member"] = new JsonObject
        {
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = type, ["title"] = type == "channel" ? "Kanal Kominfo" : "Grup Humas" },
            ["from"] = new JsonObject { ["id"] = ChannelAdmin, ["is_bot"] = false, ["first_name"] = "Rina", ["username"] = "rina_humas" },
            ["date"] = 1_795_000_000,
            ["old_chat_member"] = oldMember,
            ["new_chat_member"] = newMember,
        },
    };

    private static JsonObject ChannelPost(long chatId, int messageId, string text) => new()
    {
        ["message_id"] = messageId,
        ["date"] = 1_795_000_000,
        ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "channel", ["title"] = "Kanal Kominfo" },
        ["sender_chat"] = new JsonObject { ["id"] = chatId, ["type"] = "channel", ["title"] = "Kanal Kominfo" },
        ["text"] = text,
        ["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Length }),
    };

    private static JsonObject ForumMessage(int? topic, string text)
    {
        var message = new JsonObject
        {
            ["message_id"] = 30 + (topic ?? 0),
            ["date"] = 1_795_000_000,
            ["chat"] = new JsonObject { ["id"] = Forum, ["type"] = "supergroup", ["title"] = "Forum Humas", ["is_forum"] = true },
            ["from"] = TelegramBotHarness.User(ChannelAdmin),
            ["text"] = text,
        };
        if (topic is { } t)
        {
            message["message_thread_id"] = t;
            message["is_topic_message"] = true;
        }

        return message;
    }

    private static JsonObject VoteUnder(long chatId, int messageId, string queryId, long userId, Guid article, int option) => new()
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = queryId,
            ["from"] = TelegramBotHarness.User(userId),
            ["chat_instance"] = "ci-" + chatId,
            ["data"] = ReactionActionData.Encode(article, option),
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = 1_795_000_000,
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "channel", ["title"] = "Kanal Kominfo" },
            },
        },
    };

    private static JsonObject ReactionCount(long chatId, int messageId, params (string Emoji, int Count)[] reactions) => new()
    {
        ["message_reaction_count"] = new JsonObject
        {
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "channel", ["title"] = "Kanal Kominfo" },
            ["message_id"] = messageId,
            ["date"] = 1_795_000_000,
            ["reactions"] = new JsonArray(reactions.Select(r => (JsonNode)new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "emoji", ["emoji"] = r.Emoji },
                ["total_count"] = r.Count,
            }).ToArray()),
        },
    };

    private static JsonObject ReactionChange(long chatId, int messageId, long userId, string[] before, string[] after) => new()
    {
        ["message_reaction"] = new JsonObject
        {
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "supergroup", ["title"] = "Grup Humas" },
            ["message_id"] = messageId,
            ["user"] = TelegramBotHarness.User(userId),
            ["date"] = 1_795_000_000,
            ["old_reaction"] = new JsonArray(before.Select(e => (JsonNode)new JsonObject { ["type"] = "emoji", ["emoji"] = e }).ToArray()),
            ["new_reaction"] = new JsonArray(after.Select(e => (JsonNode)new JsonObject { ["type"] = "emoji", ["emoji"] = e }).ToArray()),
        },
    };

    /// <summary>Signs an editor in to the dashboard of a harness's host.</summary>
    private sealed class AdminHarnessOver(TelegramBotHarness h)
    {
        public async Task<HttpClient> SignedInAsync()
        {
            await h.App.Services.GetRequiredService<AdminAccounts>().AddAsync("redaktur@kominfo.go.id", AdminRole.Editor, AdminHarness.Password, default);
            var client = h.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            Assert.Equal(HttpStatusCode.Redirect, (await AdminHarness.SignInAsync(client, "redaktur@kominfo.go.id", AdminHarness.Password)).StatusCode);
            return client;
        }
    }
}
