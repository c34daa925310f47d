using System.Text.Json.Nodes;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>The real host talking to the fake Bot API, plus builders for the updates Telegram would send.</summary>
public sealed class TelegramBotHarness : IAsyncDisposable
{
    private TelegramBotHarness(FakeTelegramServer fake, HumasAppFactory app)
    {
        Fake = fake;
        App = app;
    }

    public FakeTelegramServer Fake { get; }

    public HumasAppFactory App { get; }

    public static async Task<TelegramBotHarness> StartAsync(
        Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null, FakeTelegramServer? fake = null, bool kestrel = false)
    {
        fake ??= await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        var all = new Dictionary<string, string?>
        {
            ["Telegram:Token"] = fake.Token,
            ["Telegram:ApiBaseUrl"] = fake.BaseUrl,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var app = new HumasAppFactory(all, services);
        if (kestrel)
        {
            app.OnKestrel();
        }

        _ = app.Services; // starts the host and its hosted services
        return new TelegramBotHarness(fake, app);
    }

    public HumasDbContext Db() => App.CreateDbContext();

    /// <summary>The answerCallbackQuery requests the fake received for the press <paramref name="callbackQueryId"/>.</summary>
    public IReadOnlyList<RecordedRequest> AnswersTo(string callbackQueryId) =>
        Fake.RequestsFor("answerCallbackQuery").Where(r => r.CallbackQueryId == callbackQueryId).ToList();

    /// <summary>A published article ("Siaran pers") readers can press under; its id.</summary>
    public async Task<Guid> PublishedArticleAsync()
    {
        await using var db = Db();
        var article = PublishedArticles.Add(db, "Siaran pers", DateTime.UtcNow).ArticleId;
        await db.SaveChangesAsync();
        return article;
    }

    public IReadOnlyList<RecordedRequest> SentTo(long chatId) =>
        Fake.RequestsFor("sendMessage").Where(r => r.ChatId == chatId && r.Succeeded).ToList();

    /// <summary>Waits until <paramref name="count"/> stored updates are handled (a press is answered in its turn before that).</summary>
    public Task WaitUntilHandledAsync(int count) =>
        Eventually.UntilAsync(() =>
        {
            using var db = Db();
            return db.Set<TelegramInboxItem>().Count(i => i.ProcessedAt != null) >= count;
        }, $"{count} updates handled");

    public async Task<RecordedRequest> ReplyAsync(long chatId, int count = 1)
    {
        await Eventually.UntilAsync(() => SentTo(chatId).Count >= count, $"reply {count} to {chatId}");
        return SentTo(chatId)[count - 1];
    }

    public static JsonObject User(long id, string? language = "id", string first = "Budi") => new()
    {
        ["id"] = id,
        ["is_bot"] = false,
        ["first_name"] = first,
        ["language_code"] = language,
    };

    public static JsonObject Chat(long id) => id > 0
        ? new JsonObject { ["id"] = id, ["type"] = "private", ["first_name"] = "Budi" }
        : new JsonObject { ["id"] = id, ["type"] = id <= -1_000_000_000_000 ? "supergroup" : "group", ["title"] = "Grup Humas" };

    public static JsonObject Message(long chatId, long userId, string? text, string? language = "id") => new()
    {
        ["message_id"] = 1,
        ["date"] = 1_795_000_000,
        ["chat"] = Chat(chatId),
        ["from"] = User(userId, language),
        ["text"] = text,
    };

    public long PushMessage(long chatId, string text, string? language = "id", long? userId = null, long? updateId = null) =>
        Push(new JsonObject { ["message"] = Message(chatId, userId ?? chatId, text, language) }, updateId);

    public long Push(JsonObject update, long? updateId = null)
    {
        if (updateId is { } id)
        {
            update["update_id"] = id;
        }

        return Fake.PushUpdate(update.ToJsonString());
    }

    public static JsonObject MyChatMember(long chatId, long userId, string oldStatus, string newStatus) => new()
    {
        ["my_chat_member"] = new JsonObject
        {
            ["chat"] = Chat(chatId),
            ["from"] = User(userId),
            ["date"] = 1_795_000_000,
            ["old_chat_member"] = new JsonObject { ["status"] = oldStatus, ["user"] = User(1, null, "Bot") },
            ["new_chat_member"] = new JsonObject { ["status"] = newStatus, ["user"] = User(1, null, "Bot") },
        },
    };

    public static JsonObject CallbackQuery(string id, long userId, string data, long chatId, bool inaccessible = false, string language = "id") => new()
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = id,
            ["from"] = User(userId, language),
            ["chat_instance"] = "ci",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = 7,
                ["date"] = inaccessible ? 0 : 1_795_000_000,
                ["chat"] = Chat(chatId),
            },
        },
    };

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
