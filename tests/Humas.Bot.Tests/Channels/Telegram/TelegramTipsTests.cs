using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// Tips on Telegram end to end: the real host and the real tips core against the fake Bot API, with an
/// editors' group configured. Contributor and editors talk only through Telegram updates.
/// </summary>
public sealed class TelegramTipsTests : IAsyncDisposable
{
    private const long EditorsChat = -1_001_234_567_890;
    private const long Editor = 7001;
    private static readonly byte[] PhotoBytes = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xD9];

    private readonly string _storage = Path.Combine(Path.GetTempPath(), "humas-tgtips-" + Guid.NewGuid().ToString("N"));
    private int _callbacks;

    private Task<TelegramBotHarness> StartAsync(long editorsChat = EditorsChat) => TelegramBotHarness.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Telegram:EditorsChatId"] = editorsChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tips:StoragePath"] = _storage,
    });

    [Fact]
    public async Task A_contributors_full_tip_reaches_the_editors_chat_with_three_buttons_and_its_photo_is_stored()
    {
        await using var h = await StartAsync();
        const long contributor = 8001;
        h.Fake.AddFile("photo-big", PhotoBytes, "photos/file_12.jpg");

        var (ticket, tipId) = await SendTipAsync(h, contributor, "id", "Jembatan <rusak> & ambruk di desa kami", withMedia: true);

        Assert.Matches(@"^USL-\d{6}-\d{4}$", ticket);
        var post = await PostInEditorsChatAsync(h, ticket);
        // The notice is plain text (no parse_mode): the contributor's own words arrive as written, and the strict
        // fake would refuse a stray tag had they been sent as HTML.
        Assert.Contains("Jembatan <rusak> & ambruk", post.Text, StringComparison.Ordinal);
        var buttons = Buttons(post);
        Assert.Equal([$"e:accept:{tipId}", $"e:decline:{tipId}", $"e:reply:{tipId}"], buttons.Select(b => b.Data));
        Assert.Equal(["Terima", "Tolak", "Balas"], buttons.Select(b => b.Label));

        // The photo is fetched with getFile into Tips:StoragePath/<ticket>/, keeping its media type.
        TipAttachmentRecord? stored = null;
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            stored = db.Set<TipAttachmentRecord>().AsNoTracking().SingleOrDefault(a => a.TipId == tipId && a.State == TipAttachmentState.Stored);
            return stored is not null;
        }, "the photo to be stored");
        Assert.Equal("photo-big", stored!.ChannelFileId);
        Assert.Equal("image/jpeg", stored.MediaType);
        Assert.Equal("file_12.jpg", stored.OriginalName);
        Assert.StartsWith(ticket + "/", stored.StoredPath, StringComparison.Ordinal);
        Assert.Equal(PhotoBytes, await File.ReadAllBytesAsync(Path.Combine(_storage, stored.StoredPath!)));
        Assert.Contains(h.Fake.RequestsFor("getFile"), r => r.Succeeded);

        using var check = h.Db();
        var tip = check.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId);
        Assert.Equal(TipState.New, tip.State);
        Assert.NotNull(tip.Latitude);
    }

    [Fact]
    public async Task An_editor_pressing_Terima_accepts_the_tip_tells_the_contributor_and_marks_the_post()
    {
        await using var h = await StartAsync();
        const long contributor = 8002;
        var (ticket, tipId) = await SendTipAsync(h, contributor, "id", "Banjir di jalan utama");
        var post = await PostInEditorsChatAsync(h, ticket);
        var before = h.SentTo(contributor).Count;

        PressInEditorsChat(h, $"e:accept:{tipId}", post);

        var notice = await WaitForTextAsync(h, contributor, "Kabar baik", after: before);
        Assert.Contains(ticket, notice.Text, StringComparison.Ordinal);
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("editMessageText").Any(r => r.ChatId == EditorsChat && r.Succeeded), "the post to be edited");
        var edit = h.Fake.RequestsFor("editMessageText").Single(r => r.ChatId == EditorsChat);
        Assert.Equal(post.MessageId, edit.MessageId);
        Assert.Contains("diterima oleh Sari (@sari_redaksi)", edit.Text, StringComparison.Ordinal);
        Assert.Null(edit.ReplyMarkupJson); // the buttons are gone once decided

        using var db = h.Db();
        var tip = db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId);
        Assert.Equal(TipState.Accepted, tip.State);
        Assert.Equal("Sari (@sari_redaksi)", tip.DecidedBy);
    }

    [Fact]
    public async Task Balas_relays_the_editors_text_to_the_contributor_and_the_answer_back_to_the_editors_chat()
    {
        await using var h = await StartAsync();
        const long contributor = 8003;
        var (ticket, tipId) = await SendTipAsync(h, contributor, "id", "Lampu jalan mati sepekan");
        var post = await PostInEditorsChatAsync(h, ticket);

        PressInEditorsChat(h, $"e:reply:{tipId}", post);
        var prompt = await WaitForTextAsync(h, EditorsChat, "membalas (reply) pesan ini");
        Assert.Contains(ticket, prompt.Text, StringComparison.Ordinal);

        var before = h.SentTo(contributor).Count;
        h.Push(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = 501,
                ["date"] = 1_795_000_100,
                ["chat"] = TelegramBotHarness.Chat(EditorsChat),
                ["from"] = EditorUser(),
                ["text"] = "Di jalan mana tepatnya?",
                ["reply_to_message"] = new JsonObject
                {
                    ["message_id"] = prompt.MessageId,
                    ["date"] = 1_795_000_050,
                    ["chat"] = TelegramBotHarness.Chat(EditorsChat),
                    ["from"] = new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "Humas" },
                    ["text"] = prompt.Text,
                },
            },
        });

        var relayed = await WaitForTextAsync(h, contributor, "Di jalan mana tepatnya?", after: before);
        Assert.Contains(ticket, relayed.Text, StringComparison.Ordinal);
        await WaitForTextAsync(h, EditorsChat, "Pesan diteruskan");

        h.PushMessage(contributor, "Jalan Merdeka nomor 5");
        var answer = await WaitForTextAsync(h, EditorsChat, "Jalan Merdeka nomor 5");
        Assert.Contains(ticket, answer.Text, StringComparison.Ordinal);
        await WaitForTextAsync(h, contributor, "sudah diteruskan ke redaksi");

        using var db = h.Db();
        Assert.Equal(TipState.InDiscussion, db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId).State);
        var thread = db.Set<TipEvent>().AsNoTracking().Where(e => e.TipId == tipId).OrderBy(e => e.Id).ToList();
        Assert.Contains(thread, e => e.Kind == TipEventKind.EditorMessage && e.Note == "Di jalan mana tepatnya?" && e.Actor == "Sari (@sari_redaksi)");
        Assert.Contains(thread, e => e.Kind == TipEventKind.ContributorMessage && e.Note == "Jalan Merdeka nomor 5");
    }

    [Fact]
    public async Task An_editors_group_upgraded_to_a_supergroup_keeps_receiving_and_deciding_tips()
    {
        const long group = -4_001;
        const long supergroup = -1_009_876_543_210;
        await using var h = await StartAsync(editorsChat: group);

        // Telegram's service message in the old group when it becomes a supergroup (configuration still names the group).
        var moved = TelegramBotHarness.Message(group, Editor, null);
        moved.Remove("text");
        moved["migrate_to_chat_id"] = supergroup;
        h.Push(new JsonObject { ["message"] = moved });
        var moves = h.App.Services.GetRequiredService<ChatMoves>();
        await Eventually.UntilAsync(() => moves.Current("telegram", "-4001") == "-1009876543210", "the move to be recorded");

        const long contributor = 8009;
        var (ticket, tipId) = await SendTipAsync(h, contributor, "id", "Lampu jalan padam sejak kemarin");
        var post = await PostInEditorsChatAsync(h, ticket, supergroup);
        var before = h.SentTo(contributor).Count;
        PressInEditorsChat(h, $"e:accept:{tipId}", post, supergroup);

        await WaitForTextAsync(h, contributor, "Kabar baik", after: before);
        Assert.Empty(h.SentTo(group));
        using var db = h.Db();
        Assert.Equal(TipState.Accepted, db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId).State);
    }

    [Fact]
    public async Task Someone_outside_the_editors_chat_pressing_editors_data_is_refused_and_nothing_changes()
    {
        await using var h = await StartAsync();
        const long contributor = 8004;
        const long stranger = 9004;
        var (ticket, tipId) = await SendTipAsync(h, contributor, "id", "Pohon tumbang di taman kota");
        await PostInEditorsChatAsync(h, ticket);
        var before = h.SentTo(contributor).Count;

        // Crafted data pressed in a private chat, and by the contributor himself.
        h.Push(TelegramBotHarness.CallbackQuery("x-1", stranger, $"e:accept:{tipId}", chatId: stranger));
        h.Push(TelegramBotHarness.CallbackQuery("x-2", contributor, $"e:decline:{tipId}", chatId: contributor));

        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Count(r => r.CallbackQueryId is "x-1" or "x-2") == 2, "both refusals");
        Assert.All(h.Fake.RequestsFor("answerCallbackQuery").Where(r => r.CallbackQueryId is "x-1" or "x-2"),
            a => Assert.Contains("hanya untuk redaksi", a.Text, StringComparison.Ordinal));

        // A later update proves the worker moved past the presses before the state is checked.
        h.PushMessage(contributor, "/status");
        await WaitForTextAsync(h, contributor, ticket, after: before);
        using var db = h.Db();
        var tip = db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId);
        Assert.Equal(TipState.New, tip.State);
        Assert.Null(tip.DecidedBy);
        Assert.DoesNotContain(h.SentTo(contributor).Skip(before), r => r.Text!.Contains("ditolak", StringComparison.Ordinal) || r.Text.Contains("Kabar baik", StringComparison.Ordinal));
        Assert.Empty(h.Fake.RequestsFor("editMessageText"));
    }

    [Fact]
    public async Task An_english_speaking_contributor_gets_english_texts_while_the_editors_read_indonesian()
    {
        await using var h = await StartAsync();
        const long contributor = 8005;

        var (ticket, tipId) = await SendTipAsync(h, contributor, "en", "A broken bridge in our village");

        var receipt = h.SentTo(contributor).Last(r => r.Text!.Contains(ticket, StringComparison.Ordinal));
        Assert.StartsWith("Thank you! Your tip was received", receipt.Text, StringComparison.Ordinal);
        var post = await PostInEditorsChatAsync(h, ticket);
        Assert.StartsWith("Usulan baru", post.Text, StringComparison.Ordinal);

        var before = h.SentTo(contributor).Count;
        PressInEditorsChat(h, $"e:decline:{tipId}", post);
        var notice = await WaitForTextAsync(h, contributor, ticket, after: before);
        Assert.StartsWith("We cannot use your tip", notice.Text, StringComparison.Ordinal);
    }

    /// <summary>/usulan, text, optionally a photo and a location, Selesai, skip the contact, Kirim; returns the ticket.</summary>
    private async Task<(string Ticket, long TipId)> SendTipAsync(TelegramBotHarness h, long chat, string language, string story, bool withMedia = false)
    {
        h.PushMessage(chat, language == "en" ? "/tip" : "/usulan", language);
        h.PushMessage(chat, story, language);
        if (withMedia)
        {
            var photo = TelegramBotHarness.Message(chat, chat, null, language);
            photo.Remove("text");
            photo["photo"] = new JsonArray(
                new JsonObject { ["file_id"] = "photo-small", ["file_unique_id"] = "us", ["width"] = 90, ["height"] = 60, ["file_size"] = 4 },
                new JsonObject { ["file_id"] = "photo-big", ["file_unique_id"] = "ub", ["width"] = 1280, ["height"] = 853, ["file_size"] = PhotoBytes.Length });
            h.Push(new JsonObject { ["message"] = photo });
            var location = TelegramBotHarness.Message(chat, chat, null, language);
            location.Remove("text");
            location["location"] = new JsonObject { ["latitude"] = -6.2187, ["longitude"] = 106.8024 };
            h.Push(new JsonObject { ["message"] = location });
        }

        foreach (var action in new[] { "t:done", "t:skip", "t:send" })
        {
            h.Push(TelegramBotHarness.CallbackQuery($"c-{Interlocked.Increment(ref _callbacks)}", chat, action, chat, language: language));
        }

        var receipt = await WaitForTextAsync(h, chat, "USL-");
        var ticket = System.Text.RegularExpressions.Regex.Match(receipt.Text!, @"USL-\d{6}-\d{4,}").Value;
        using var db = h.Db();
        var tip = await db.Set<Tip>().AsNoTracking().SingleAsync(t => t.Ticket == ticket);
        Assert.Equal(chat.ToString(System.Globalization.CultureInfo.InvariantCulture), tip.UserExternalId);
        return (ticket, tip.Id);
    }

    private static async Task<RecordedRequest> PostInEditorsChatAsync(TelegramBotHarness h, string ticket, long editorsChat = EditorsChat) =>
        await WaitForTextAsync(h, editorsChat, "Usulan baru " + ticket);

    private static async Task<RecordedRequest> WaitForTextAsync(TelegramBotHarness h, long chat, string contains, int after = 0)
    {
        RecordedRequest? found = null;
        await Eventually.UntilAsync(
            () => (found = h.SentTo(chat).Skip(after).FirstOrDefault(r => r.Text?.Contains(contains, StringComparison.Ordinal) == true)) is not null,
            $"\"{contains}\" in chat {chat}");
        return found!;
    }

    private static JsonObject EditorUser() => new()
    {
        ["id"] = Editor,
        ["is_bot"] = false,
        ["first_name"] = "Sari",
        ["username"] = "sari_redaksi",
        ["language_code"] = "id",
    };

    /// <summary>An editor presses a button under the tip's post; Telegram sends the post as it reads (unescaped).</summary>
    private void PressInEditorsChat(TelegramBotHarness h, string data, RecordedRequest post, long editorsChat = EditorsChat) => h.Push(new JsonObject
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = $"e-{Interlocked.Increment(ref _callbacks)}",
            ["from"] = EditorUser(),
            ["chat_instance"] = "editors",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = post.MessageId,
                ["date"] = 1_795_000_000,
                ["chat"] = TelegramBotHarness.Chat(editorsChat),
                ["text"] = System.Net.WebUtility.HtmlDecode(post.Text),
            },
        },
    });

    private static List<(string Label, string Data)> Buttons(RecordedRequest post)
    {
        Assert.NotNull(post.ReplyMarkupJson);
        using var json = JsonDocument.Parse(post.ReplyMarkupJson);
        return json.RootElement.GetProperty("inline_keyboard").EnumerateArray()
            .SelectMany(row => row.EnumerateArray())
            .Select(b => (b.GetProperty("text").GetString()!, b.GetProperty("callback_data").GetString()!))
            .ToList();
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The fetcher's mapping of Telegram's answers to the core's retry decisions, against the fake.</summary>
public sealed class TelegramTipAttachmentFetcherTests
{
    private static Humas.Bot.Channels.Telegram.Tips.TelegramTipAttachmentFetcher Fetcher(TelegramClientHarness h) =>
        new(h.Bots());

    [Fact]
    public async Task A_file_is_copied_with_the_name_and_type_from_its_path()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        h.Fake.AddFile("doc-1", [1, 2, 3], "documents/laporan.pdf");
        using var destination = new MemoryStream();

        var fetched = await Fetcher(h).FetchAsync("doc-1", 1000, destination, CancellationToken.None);

        Assert.Equal([1, 2, 3], destination.ToArray());
        Assert.Equal("laporan.pdf", fetched.FileName);
        Assert.Equal("application/pdf", fetched.MediaType);
    }

    [Fact]
    public async Task Telegram_errors_become_permanent_or_transient_fetch_failures_and_the_cap_is_kept()
    {
        await using var h = await TelegramClientHarness.StartAsync();
        var fetcher = Fetcher(h);
        h.Fake.AddFile("big", new byte[2000], "documents/big.bin");

        await Assert.ThrowsAsync<Humas.Bot.Tips.Attachments.TipFileTooLargeException>(() => fetcher.FetchAsync("big", 1000, new MemoryStream(), CancellationToken.None));
        var invalid = await Assert.ThrowsAsync<Humas.Bot.Tips.Attachments.TipFetchException>(() => fetcher.FetchAsync("nope", 1000, new MemoryStream(), CancellationToken.None));
        Assert.False(invalid.Transient);

        h.Fake.SetResponse("getFile", 400, """{"ok":false,"error_code":400,"description":"Bad Request: file is too big"}""");
        await Assert.ThrowsAsync<Humas.Bot.Tips.Attachments.TipFileTooLargeException>(() => fetcher.FetchAsync("big", 100_000, new MemoryStream(), CancellationToken.None));

        h.Fake.SetResponse("getFile", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}""");
        Assert.True((await Assert.ThrowsAsync<Humas.Bot.Tips.Attachments.TipFetchException>(() => fetcher.FetchAsync("big", 100_000, new MemoryStream(), CancellationToken.None))).Transient);

        h.Fake.SetResponse("getFile", 502, "<html>Bad Gateway</html>");
        Assert.True((await Assert.ThrowsAsync<Humas.Bot.Tips.Attachments.TipFetchException>(() => fetcher.FetchAsync("big", 100_000, new MemoryStream(), CancellationToken.None))).Transient);
    }
}
