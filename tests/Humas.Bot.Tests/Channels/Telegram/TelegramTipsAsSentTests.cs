using System.Text.Json.Nodes;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>Tips as people send them on Telegram: the photos first (an album), with a caption that is the story and stays with its photo.</summary>
public sealed class TelegramTipsAsSentTests
{
    private const long EditorsChat = -1_001_234_567_891;
    private int _callbacks;

    private static JsonObject Photo(long chat, string fileId, string? caption = null, string? album = null)
    {
        var message = TelegramBotHarness.Message(chat, chat, null);
        message.Remove("text");
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["width"] = 1280, ["height"] = 853, ["file_size"] = 14 });
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
        await TelegramBotHarness.WaitUntilAsync(() => h.SentTo(chat).Count(r => r.Text?.Contains("Lampiran diterima", StringComparison.Ordinal) == true) >= 2, "both photos taken");
        foreach (var action in new[] { "t:done", "t:skip", "t:send" })
        {
            h.Push(TelegramBotHarness.CallbackQuery($"a-{++_callbacks}", chat, action, chat));
        }

        await TelegramBotHarness.WaitUntilAsync(() => h.SentTo(chat).Any(r => r.Text?.Contains("USL-", StringComparison.Ordinal) == true), "the ticket");
        await using var db = h.Db();
        var tip = await db.Set<Tip>().AsNoTracking().SingleAsync();
        Assert.Equal("Banjir setinggi lutut di depan kantor kelurahan", tip.Text);
        var attachments = await db.Set<TipAttachmentRecord>().AsNoTracking().Where(a => a.TipId == tip.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["album-1", "album-2"], attachments.Select(a => a.ChannelFileId));
        Assert.Equal(["Banjir setinggi lutut di depan kantor kelurahan", null], attachments.Select(a => a.Caption));
        Assert.Contains(h.SentTo(chat), r => r.Text?.StartsWith("Lampiran diterima (1). Sekarang ceritakan apa yang terjadi", StringComparison.Ordinal) == true);
    }
}
