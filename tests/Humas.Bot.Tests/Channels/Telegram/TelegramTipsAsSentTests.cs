using System.Text.Json.Nodes;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>Tips as people send them on Telegram: the photos first (an album), with a caption that is the story and stays with its photo.</summary>
public sealed class TelegramTipsAsSentTests
{
    private const long EditorsChat = -1_001_234_567_891;
    private int _callbacks;

    private static JsonObject Photo(long chat, string fileId, string? caption = null, string? album = null, long size = 14)
    {
        var message = TelegramBotHarness.Message(chat, chat, null);
        message.Remove("text");
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["width"] = 1280, ["height"] = 853, ["file_size"] = size });
        if (caption is not null)
        {
            message["caption"] = caption;
        }

        if (album is not null)
        {
            message["media_group_id"] = album;
        }

        return new JsonObject { ["message"] = message };
    }

    [Fact]
    public async Task An_album_sent_before_the_story_joins_the_tip_and_its_caption_is_the_story_and_stays_with_its_photo()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Telegram:EditorsChatId"] = EditorsChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tips:StoragePath"] = Path.Combine(Path.GetTempPath(), "humas-tgtips-" + Guid.NewGuid().ToString("N")),
        });
        const long chat = 8101;
        h.PushMessage(chat, "/usulan");
        await h.ReplyAsync(chat);

        // Telegram sends an album as one message per photo, the caption on the first.
        h.Push(Photo(chat, "album-1", caption: "Banjir setinggi lutut di depan kantor kelurahan", album: "g-77"));
        h.Push(Photo(chat, "album-2", album: "g-77"));
        await Eventually.UntilAsync(() => h.SentTo(chat).Count(r => r.Text?.Contains("Lampiran diterima", StringComparison.Ordinal) == true) >= 2, "both photos taken");
        foreach (var action in new[] { "t:done", "t:skip", "t:send" })
        {
            h.Push(TelegramBotHarness.CallbackQuery($"a-{++_callbacks}", chat, action, chat));
        }

        await Eventually.UntilAsync(() => h.SentTo(chat).Any(r => r.Text?.Contains("USL-", StringComparison.Ordinal) == true), "the ticket");
        await using var db = h.Db();
        var tip = await db.Set<Tip>().AsNoTracking().SingleAsync();
        Assert.Equal("Banjir setinggi lutut di depan kantor kelurahan", tip.Text);
        var attachments = await db.Set<TipAttachmentRecord>().AsNoTracking().Where(a => a.TipId == tip.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["album-1", "album-2"], attachments.Select(a => a.ChannelFileId));
        Assert.Equal(["Banjir setinggi lutut di depan kantor kelurahan", null], attachments.Select(a => a.Caption));
        Assert.Contains(h.SentTo(chat), r => r.Text?.StartsWith("Lampiran diterima (1). Sekarang ceritakan apa yang terjadi", StringComparison.Ordinal) == true);
    }

    private static JsonObject ReplyTo(long chat, string text, global::Humas.Bot.FakePlatforms.Telegram.RecordedRequest quoted) => new()
    {
        ["message"] = new JsonObject
        {
            ["message_id"] = 900 + (int)(quoted.MessageId ?? 0),
            ["date"] = 1_795_000_100,
            ["chat"] = TelegramBotHarness.Chat(chat),
            ["from"] = TelegramBotHarness.User(chat),
            ["text"] = text,
            ["reply_to_message"] = new JsonObject
            {
                ["message_id"] = quoted.MessageId,
                ["date"] = 1_795_000_050,
                ["chat"] = TelegramBotHarness.Chat(chat),
                ["from"] = new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "Humas" },
                ["text"] = quoted.Text,
            },
        },
    };

    private static Task<TelegramBotHarness> StartAsync() => TelegramBotHarness.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Telegram:EditorsChatId"] = EditorsChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tips:StoragePath"] = Path.Combine(Path.GetTempPath(), "humas-tgtips-" + Guid.NewGuid().ToString("N")),
        ["PublicUrl"] = "https://humas.example",
    });

    [Fact]
    public async Task An_album_with_no_tip_open_and_the_words_after_it_become_one_tip_after_the_quiet_period_and_the_ticket_comes_as_a_notice()
    {
        await using var h = await StartAsync();
        const long chat = 8102;
        h.Push(Photo(chat, "bundle-1", caption: "Pohon tumbang menutup Jl. Sudirman", album: "g-88"));
        h.Push(Photo(chat, "bundle-2", album: "g-88"));
        await Eventually.UntilAsync(() => h.SentTo(chat).Any(r => r.Text?.StartsWith("Diterima. Kirim foto atau cerita lain", StringComparison.Ordinal) == true), "the bundle's answer");
        h.PushMessage(chat, "Lalu lintas dialihkan sejak pukul 07.00.");
        await Eventually.UntilAsync(() => h.Db().Set<TipDraft>().AsNoTracking().Any(d => d.Text != null && d.Text.Contains("dialihkan")), "the words joined the bundle");
        await Eventually.UntilAsync(() => h.Db().Set<TipDraft>().AsNoTracking().Any(d => d.AttachmentsJson.Contains("bundle-2")), "the album joined the bundle");
        // One answer for the album's two photos and its caption; the text after it has its own.
        await Eventually.UntilAsync(() => h.SentTo(chat).Count >= 2, "the answer to the text");
        Assert.Equal(2, h.SentTo(chat).Count(r => r.Text?.StartsWith("Diterima. Kirim foto", StringComparison.Ordinal) == true));

        // The quiet period is over (the worker reads the due time from the row, as after a restart).
        await using (var db = h.Db())
        {
            await db.Set<TipDraft>().ExecuteUpdateAsync(u => u.SetProperty(d => d.BundleDueAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        await Eventually.UntilAsync(() => h.SentTo(chat).Any(r => r.Text?.Contains("USL-", StringComparison.Ordinal) == true), "the ticket as a notice");
        await Eventually.UntilAsync(() => h.SentTo(EditorsChat).Any(r => r.Text?.Contains("Pohon tumbang", StringComparison.Ordinal) == true), "the editors' post");
        await using var check = h.Db();
        var tip = await check.Set<Tip>().AsNoTracking().SingleAsync();
        Assert.Equal("Pohon tumbang menutup Jl. Sudirman\n\nLalu lintas dialihkan sejak pukul 07.00.", tip.Text);
        Assert.Equal(["bundle-1", "bundle-2"], await check.Set<TipAttachmentRecord>().AsNoTracking().OrderBy(a => a.Id).Select(a => a.ChannelFileId).ToListAsync());
        Assert.Empty(await check.Set<TipDraft>().AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task A_reply_to_the_ticket_message_joins_that_ticket_and_the_published_link_reaches_the_contributor()
    {
        await using var h = await StartAsync();
        const long chat = 8103;
        h.Push(Photo(chat, "r-1", caption: "Pasar murah di Balai Kota besok"));
        await Eventually.UntilAsync(() => h.SentTo(chat).Any(r => r.Text?.StartsWith("Diterima.", StringComparison.Ordinal) == true), "the bundle's answer");
        h.Push(TelegramBotHarness.CallbackQuery($"s-{++_callbacks}", chat, "t:send", chat));
        await Eventually.UntilAsync(() => h.SentTo(chat).Any(r => r.Text?.Contains("USL-", StringComparison.Ordinal) == true), "the ticket");
        var ticketMessage = h.SentTo(chat).Last(r => r.Text?.Contains("USL-", StringComparison.Ordinal) == true);
        await using var db = h.Db();
        var tip = await db.Set<Tip>().AsNoTracking().SingleAsync();

        h.Push(ReplyTo(chat, "Mulai pukul 08.00 sampai habis.", ticketMessage));
        await Eventually.UntilAsync(() => h.SentTo(chat).Any(r => r.Text?.Contains("sudah diteruskan ke redaksi", StringComparison.Ordinal) == true), "the answer's receipt");
        await Eventually.UntilAsync(() => h.SentTo(EditorsChat).Any(r => r.Text?.Contains("Mulai pukul 08.00", StringComparison.Ordinal) == true), "the answer in the editors' chat");
        Assert.Contains(await db.Set<TipEvent>().AsNoTracking().Where(e => e.TipId == tip.Id).ToListAsync(),
            e => e.Kind == TipEventKind.ContributorMessage && e.Note == "Mulai pukul 08.00 sampai habis.");
        Assert.Single(await db.Set<Tip>().AsNoTracking().ToListAsync());

        // A reply to one of the bot's messages that names no ticket is ordinary text: the usual hint, nothing written.
        var hint = h.SentTo(chat).Count;
        h.Push(ReplyTo(chat, "apa ini?", h.SentTo(chat).First()));
        await Eventually.UntilAsync(() => h.SentTo(chat).Count > hint, "the hint");
        Assert.Equal(2, await db.Set<TipEvent>().AsNoTracking().CountAsync(e => e.TipId == tip.Id));

        // The editors link the tip to the article it became: the contributor gets the link on Telegram.
        var article = await AdminSeed.ArticleAsync(db, "setneg", "Pasar murah digelar di Balai Kota");
        var queue = h.App.Services.GetRequiredService<TipQueue>();
        Assert.Equal(TipActionResult.Done, await queue.PublishAsync(tip.Id, article.Id, "Sari", default));
        // The link is the counted one of the contributor's channel, as readers get it, not the article's own.
        await Eventually.UntilAsync(() => h.SentTo(chat).Any(r => r.Text?.Contains("https://humas.example/r/", StringComparison.Ordinal) == true), "the published link");
        Assert.DoesNotContain(h.SentTo(chat), r => r.Text?.Contains(article.Url, StringComparison.Ordinal) == true);
        Assert.Equal(TipState.Published, (await db.Set<Tip>().AsNoTracking().SingleAsync()).State);
    }

    [Fact]
    public async Task An_oversized_photo_with_no_tip_open_is_refused_politely_and_opens_nothing()
    {
        await using var h = await StartAsync();
        const long chat = 8104;
        h.Push(Photo(chat, "big-1", caption: "Foto besar", size: 50L * 1024 * 1024));
        var reply = await h.ReplyAsync(chat);
        Assert.StartsWith("Maaf, berkas ini lebih besar dari batas 20 MB", reply.Text, StringComparison.Ordinal);
        await using var db = h.Db();
        Assert.Empty(await db.Set<TipDraft>().AsNoTracking().ToListAsync());
        Assert.Empty(await db.Set<Tip>().AsNoTracking().ToListAsync());
    }
}
