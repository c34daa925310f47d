using System.Text.RegularExpressions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>Tips as people send them on WhatsApp: a photo with no tip open, words after it, a swipe-reply to a notice about the ticket, the published link.</summary>
public sealed class WhatsAppTipsAsSentTests
{
    private const string Dewi = "6281234567809";

    [Fact]
    public async Task A_photo_first_opens_a_bundle_a_swipe_reply_to_a_notice_joins_its_ticket_and_the_published_link_arrives()
    {
        await using var h = await WhatsAppHarness.StartAsync();
        await h.PostHandledAsync(h.Fake.Text(Dewi, "mulai"));

        var mediaId = h.Fake.AddMedia([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4], "image/jpeg");
        await h.PostHandledAsync(h.Fake.Image(Dewi, mediaId, caption: "Antrean BBM mengular di SPBU Jl. Gatot Subroto"));
        await h.WaitForSendAsync(Dewi, s => s.Choices.Any(c => c.StartsWith("t:send:", StringComparison.Ordinal)) && s.Choices.Contains("t:cancel"), "the bundle's answer with Kirim and Batal");
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Sejak subuh, sekitar 200 kendaraan."));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "kirim"));
        var sent = await h.WaitForSendAsync(Dewi, s => s.Text is not null && Regex.IsMatch(s.Text, @"USL-\d{6}-\d{4}"), "the ticket number");
        var ticket = Regex.Match(sent.Text!, @"USL-\d{6}-\d{4}").Value;

        Tip tip;
        await using (var db = h.Db())
        {
            tip = await db.Set<Tip>().AsNoTracking().SingleAsync();
            Assert.Equal((ticket, "Antrean BBM mengular di SPBU Jl. Gatot Subroto\n\nSejak subuh, sekitar 200 kendaraan."), (tip.Ticket, tip.Text));
            Assert.Equal(mediaId, (await db.Set<TipAttachmentRecord>().AsNoTracking().SingleAsync()).ChannelFileId);
        }

        // An editor asks on the dashboard; the notice reaches Dewi, who swipe-replies to it twice.
        var queue = h.App.Services.GetRequiredService<TipQueue>();
        Assert.Equal(TipActionResult.Done, await queue.ReplyAsync(tip.Id, "Sari", "SPBU nomor berapa?", default));
        var question = await h.WaitForSendAsync(Dewi, s => s.Text?.Contains("SPBU nomor berapa?", StringComparison.Ordinal) == true, "the editor's message");
        await h.PostHandledAsync(h.Fake.ReplyTo(Dewi, question.MessageId!, "SPBU 34.123."));
        await h.PostHandledAsync(h.Fake.ReplyTo(Dewi, question.MessageId!, "Yang di dekat flyover."));
        await using (var db = h.Db())
        {
            var answers = await db.Set<TipEvent>().AsNoTracking().Where(e => e.TipId == tip.Id && e.Kind == TipEventKind.ContributorMessage).Select(e => e.Note).ToListAsync();
            Assert.Equal(["SPBU 34.123.", "Yang di dekat flyover."], answers);
        }

        // A swipe-reply to a message that is no notice about a ticket (the bundle's answer) is ordinary text: nothing joins the thread.
        await h.PostHandledAsync(h.Fake.ReplyTo(Dewi, "wamid.NOT-A-NOTICE", "terima kasih"));
        await using (var db = h.Db())
        {
            Assert.Equal(2, await db.Set<TipEvent>().AsNoTracking().CountAsync(e => e.TipId == tip.Id && e.Kind == TipEventKind.ContributorMessage));
            Assert.Single(await db.Set<Tip>().AsNoTracking().ToListAsync());
        }

        // The tip became an article: Dewi gets its link.
        Humas.Bot.Ingestion.Model.Article article;
        await using (var db = h.Db())
        {
            article = await AdminSeed.ArticleAsync(db, "setneg", "Antrean BBM di Jakarta Selatan terurai");
        }

        Assert.Equal(TipActionResult.Done, await queue.PublishAsync(tip.Id, article.Id, "Sari", default));
        await h.WaitForSendAsync(Dewi, s => s.Text?.Contains(article.Url, StringComparison.Ordinal) == true, "the published link");
    }
}
