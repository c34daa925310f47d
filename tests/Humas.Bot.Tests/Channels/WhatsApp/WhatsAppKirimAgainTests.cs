using System.Text.RegularExpressions;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Localization;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>
/// A typed "kirim" names no draft. Handled again after it sent the tip (the process stopped between the tip's commit
/// and the message's mark, so the inbox hands the message over once more) it is answered as the first time, with the
/// ticket, and makes nothing; a new "kirim" with nothing to send is told so.
/// </summary>
public abstract class WhatsAppKirimAgainTests(DatabaseKind database)
{
    private const string Dewi = "6281234567811";
    private const string Other = "6281234567812";
    private readonly JsonTexts _texts = new();

    [Fact]
    public async Task The_same_typed_kirim_handled_again_after_the_tip_went_is_answered_with_its_ticket_and_stores_one_tip()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await h.PostHandledAsync(h.Fake.Text(Dewi, "mulai"));
        var mediaId = h.Fake.AddMedia([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4], "image/jpeg");
        await h.PostHandledAsync(h.Fake.Image(Dewi, mediaId, caption: "Jembatan Cisadane retak"));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "kirim", id: "wamid.KIRIM0001"));
        var ticket = await TicketAsync(h);
        var submitted = _texts.Get("tips.submitted", "id", ticket);
        Assert.Single(h.Fake.SendsTo(Dewi), s => s.Text == submitted);

        // What the stop leaves: the tip committed, the message still to be handled. Another reader's message wakes the worker.
        await using (var db = h.Db())
        {
            Assert.Equal(1, await db.Set<WhatsAppInboxItem>().Where(i => i.Key.Contains("wamid.KIRIM0001"))
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.ProcessedAt, (DateTime?)null)));
        }

        await h.PostHandledAsync(h.Fake.Text(Other, "mulai"));

        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.SendsTo(Dewi).Count(s => s.Status == 200 && s.Text == submitted) == 2 ? "" : null), "the ticket a second time");
        await using var check = h.Db();
        Assert.Equal(ticket, (await check.Set<Tip>().AsNoTracking().SingleAsync()).Ticket);
        Assert.Empty(await check.Set<TipDraft>().AsNoTracking().ToListAsync());
        Assert.DoesNotContain(h.Fake.SendsTo(Dewi), s => s.Text?.Contains("/usulan", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_new_kirim_with_nothing_to_send_is_told_so_with_the_last_ticket_and_how_to_begin_another()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await h.PostHandledAsync(h.Fake.Text(Dewi, "mulai"));
        // Before any tip: nothing to send, and how to begin one.
        await h.PostHandledAsync(h.Fake.Text(Dewi, "kirim"));
        var never = $"{_texts.Get("tips.nothing_to_send", "id")} {_texts.Get("tips.not_in_flow", "id")}";
        await h.WaitForSendAsync(Dewi, s => s.Text == never, "nothing to send, how to begin");

        var mediaId = h.Fake.AddMedia([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4], "image/jpeg");
        await h.PostHandledAsync(h.Fake.Image(Dewi, mediaId, caption: "Jembatan Cisadane retak"));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "kirim"));
        var ticket = await TicketAsync(h);

        // A later "Kirim", a new message: nothing is open, so nothing is sent; the answer names the tip that went.
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Kirim"));
        var told = string.Join(" ", _texts.Get("tips.nothing_to_send", "id"), _texts.Get("tips.last_ticket", "id", ticket), _texts.Get("tips.not_in_flow", "id"));
        await h.WaitForSendAsync(Dewi, s => s.Text == told, "nothing to send, with the last ticket");
        await using var check = h.Db();
        Assert.Single(await check.Set<Tip>().AsNoTracking().ToListAsync());
    }

    private static async Task<string> TicketAsync(WhatsAppHarness h)
    {
        var sent = await h.WaitForSendAsync(Dewi, s => s.Text is not null && s.Text.StartsWith("Terima kasih!", StringComparison.Ordinal) && Regex.IsMatch(s.Text, @"USL-\d{6}-\d{4}"), "the ticket");
        return Regex.Match(sent.Text!, @"USL-\d{6}-\d{4}").Value;
    }
}

public sealed class WhatsAppKirimAgainTestsOnSqlite() : WhatsAppKirimAgainTests(DatabaseKind.Sqlite);

public sealed class WhatsAppKirimAgainTestsOnPostgres() : WhatsAppKirimAgainTests(DatabaseKind.Postgres);
