using System.Text.RegularExpressions;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>The editors' phone (WhatsApp:EditorsNumber) gets new tips with Terima / Tolak / Balas and acts on them.</summary>
public sealed class WhatsAppEditorsTests
{
    private const string Editors = "6281100000001";
    private const string Gita = "6281234567801";

    [Fact]
    public async Task The_editors_number_accepts_a_tip_and_relays_a_reply_the_contributor_is_told_both()
    {
        await using var h = await WhatsAppHarness.StartAsync(new() { ["WhatsApp:EditorsNumber"] = Editors });
        // The editors' phone wrote first: its 24-hour window is open for the tips' notices.
        await h.PostHandledAsync(h.Fake.Text(Editors, "mulai"));

        var ticket = await SubmitTipAsync(h);
        var notice = await h.WaitForSendAsync(Editors, s => s.Choices.Any(c => c.StartsWith("e:accept:", StringComparison.Ordinal)), "the new tip with the editors' buttons");
        Assert.Equal(3, notice.Choices.Count);
        Assert.Contains(ticket, notice.Body["interactive"]!["body"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // Balas: a prompt; the editor's swipe-reply to it reaches the contributor.
        await h.PostHandledAsync(h.Fake.ButtonReply(Editors, notice.Choices.Single(c => c.StartsWith("e:reply:", StringComparison.Ordinal)), "Balas"));
        var prompt = await h.WaitForSendAsync(Editors, s => s.Text?.Contains(ticket, StringComparison.Ordinal) == true && s.Text.Contains("membalas", StringComparison.Ordinal), "the reply prompt");
        await h.PostHandledAsync(h.Fake.ReplyTo(Editors, prompt.MessageId!, "Terima kasih, kami cek ke lokasi besok."));
        await h.WaitForSendAsync(Gita, s => s.Text?.Contains("kami cek ke lokasi besok", StringComparison.Ordinal) == true, "the editor's message at the contributor");

        // Terima: the tip is accepted through the same queue as everywhere, the contributor is told.
        await h.PostHandledAsync(h.Fake.ButtonReply(Editors, notice.Choices.Single(c => c.StartsWith("e:accept:", StringComparison.Ordinal)), "Terima"));
        await using (var db = h.Db())
        {
            Assert.Equal(TipState.Accepted, (await db.Set<Tip>().SingleAsync(t => t.Ticket == ticket)).State);
        }

        await h.WaitForSendAsync(Gita, s => s.Text?.Contains("diterima", StringComparison.Ordinal) == true && s.Text.Contains(ticket, StringComparison.Ordinal), "the acceptance at the contributor");
    }

    [Fact]
    public async Task An_editors_button_from_another_number_decides_nothing()
    {
        await using var h = await WhatsAppHarness.StartAsync(new() { ["WhatsApp:EditorsNumber"] = Editors });
        await h.PostHandledAsync(h.Fake.Text(Editors, "mulai"));
        var ticket = await SubmitTipAsync(h);
        var notice = await h.WaitForSendAsync(Editors, s => s.Choices.Any(c => c.StartsWith("e:accept:", StringComparison.Ordinal)), "the new tip with the editors' buttons");

        await h.PostHandledAsync(h.Fake.ButtonReply(Gita, notice.Choices.Single(c => c.StartsWith("e:accept:", StringComparison.Ordinal)), "Terima"));

        await using var db = h.Db();
        Assert.NotEqual(TipState.Accepted, (await db.Set<Tip>().SingleAsync(t => t.Ticket == ticket)).State);
    }

    private static async Task<string> SubmitTipAsync(WhatsAppHarness h)
    {
        await h.PostHandledAsync(h.Fake.Text(Gita, "usulan"));
        await h.WaitForSendAsync(Gita, s => s.Choices.Contains("t:cancel"), "the tip question");
        await h.PostHandledAsync(h.Fake.Text(Gita, "Jembatan di Desa Sukamaju ambruk pagi ini, warga memutar 5 km."));
        await h.WaitForSendAsync(Gita, s => s.Choices.Any(c => c.StartsWith("t:done:", StringComparison.Ordinal)), "the request for photos with Selesai");
        await h.PostHandledAsync(h.Fake.Text(Gita, "selesai"));
        await h.WaitForSendAsync(Gita, s => s.Choices.Contains("t:skip"), "the contact question");
        await h.PostHandledAsync(h.Fake.ButtonReply(Gita, "t:skip", "Lewati"));
        var summary = await h.WaitForSendAsync(Gita, s => s.Choices.Any(c => c.StartsWith("t:send:", StringComparison.Ordinal)), "the summary with Kirim");
        await h.PostHandledAsync(h.Fake.ButtonReply(Gita, summary.Choices.Single(c => c.StartsWith("t:send:", StringComparison.Ordinal)), "Kirim"));
        var sent = await h.WaitForSendAsync(Gita, s => s.Text is not null && Regex.IsMatch(s.Text, @"USL-\d{6}-\d{4}"), "the ticket number");
        return Regex.Match(sent.Text!, @"USL-\d{6}-\d{4}").Value;
    }
}
