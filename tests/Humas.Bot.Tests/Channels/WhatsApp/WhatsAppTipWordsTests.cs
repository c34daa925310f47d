using System.Text.RegularExpressions;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Localization;
using Humas.Bot.FakePlatforms.WhatsApp;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>
/// Words typed for the tip's buttons, as a reader whose phone shows no buttons (or who prefers typing) sends them:
/// "kirim" is Kirim and "selesai" is Selesai. At the summary "kirim" sends the tip once, also when the inbox hands the
/// message over again; "selesai" there is told to send with Kirim and sends nothing; in a bundle either sends it.
/// "lewati" answers the contact question; a word is read with any case, spaces around and punctuation after it. And
/// beside the words, the buttons: a cancelled summary's Kirim tapped at a newer summary sends nothing, and a cancelled
/// tip's Selesai tapped at a newer tip's files step changes nothing.
/// </summary>
public abstract class WhatsAppTipWordsTests(DatabaseKind database)
{
    private const string Dewi = "6281234567821";
    private const string Other = "6281234567822";
    private readonly JsonTexts _texts = new();

    [Fact]
    public async Task A_typed_kirim_at_the_summary_sends_the_tip_and_handled_again_answers_the_same_ticket_and_in_a_bundle_sends_it()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await ToFilesStepAsync(h);
        // While files are collected "kirim" moves on, as Selesai did before it was Kirim.
        await h.PostHandledAsync(h.Fake.Text(Dewi, "kirim"));
        await h.WaitForSendAsync(Dewi, s => s.Choices.Contains("t:skip"), "the contact question");
        await h.PostHandledAsync(h.Fake.Text(Dewi, "081234567890"));
        await SummaryAsync(h, 1);

        await h.PostHandledAsync(h.Fake.Text(Dewi, "Kirim", id: "wamid.KIRIMSUM01"));
        var ticket = await TicketAsync(h, 1);
        var submitted = _texts.Get("tips.submitted", "id", ticket);
        await using (var db = h.Db())
        {
            var tip = await db.Set<Tip>().AsNoTracking().SingleAsync();
            Assert.Equal((ticket, "Jembatan Cisadane retak di tengah.", "081234567890", "whatsapp:wamid.KIRIMSUM01"),
                (tip.Ticket, tip.Text, tip.ContactPhone, tip.SentByPress));
            Assert.Empty(await db.Set<TipDraft>().AsNoTracking().ToListAsync());
        }

        Assert.DoesNotContain(h.Fake.SendsTo(Dewi), s => s.Text == Hint("tips.confirm_hint") || s.Text == Hint("whatsapp.tips.confirm_hint"));

        // The process stopped between the tip's commit and the message's mark: the inbox hands "Kirim" over again.
        await using (var db = h.Db())
        {
            Assert.Equal(1, await db.Set<WhatsAppInboxItem>().Where(i => i.Key.Contains("wamid.KIRIMSUM01"))
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.ProcessedAt, (DateTime?)null)));
        }

        await h.PostHandledAsync(h.Fake.Text(Other, "mulai"));
        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.SendsTo(Dewi).Count(s => s.Status == 200 && s.Text == submitted) == 2 ? "" : null), "the same ticket a second time");
        await using (var db = h.Db())
        {
            Assert.Equal(ticket, (await db.Set<Tip>().AsNoTracking().SingleAsync()).Ticket);
        }

        // A photo with no tip open opens a bundle; "kirim" sends it at once, as before.
        var mediaId = h.Fake.AddMedia([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4], "image/jpeg");
        await h.PostHandledAsync(h.Fake.Image(Dewi, mediaId, caption: "Banjir di Jl. Daan Mogot"));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "kirim", id: "wamid.KIRIMBUN01"));
        var second = await TicketAsync(h, 2);
        await using (var db = h.Db())
        {
            var bundle = await db.Set<Tip>().AsNoTracking().SingleAsync(t => t.Ticket == second);
            Assert.Equal(("Banjir di Jl. Daan Mogot", "whatsapp:wamid.KIRIMBUN01"), (bundle.Text, bundle.SentByPress));
            Assert.Equal(2, await db.Set<Tip>().AsNoTracking().CountAsync());
            Assert.Empty(await db.Set<TipDraft>().AsNoTracking().ToListAsync());
        }
    }

    [Fact]
    public async Task A_typed_selesai_at_the_summary_is_told_it_may_type_kirim_and_sends_nothing_and_in_a_bundle_sends_it()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await ToFilesStepAsync(h);
        await h.PostHandledAsync(h.Fake.Text(Dewi, "selesai"));
        await h.WaitForSendAsync(Dewi, s => s.Choices.Contains("t:skip"), "the contact question");
        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, "t:skip", "Lewati"));
        await SummaryAsync(h, 1);

        // Selesai is the button of the step before: at the summary it is not the confirmation. The hint says Kirim may be
        // typed, and the summary comes again.
        await h.PostHandledAsync(h.Fake.Text(Dewi, "selesai"));
        await h.WaitForSendAsync(Dewi, s => s.Text == Hint("whatsapp.tips.confirm_hint"), "the hint that Kirim may be typed");
        await SummaryAsync(h, 2);
        await using (var db = h.Db())
        {
            Assert.Empty(await db.Set<Tip>().AsNoTracking().ToListAsync());
            Assert.Equal(TipDraftStep.Confirm, (await db.Set<TipDraft>().AsNoTracking().SingleAsync()).Step);
        }

        await h.PostHandledAsync(h.Fake.Text(Dewi, "kirim"));
        await TicketAsync(h, 1);

        // In a bundle Selesai still sends it: a bundle has no summary to confirm.
        var mediaId = h.Fake.AddMedia([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4], "image/jpeg");
        await h.PostHandledAsync(h.Fake.Image(Dewi, mediaId, caption: "Banjir di Jl. Daan Mogot"));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "selesai"));
        await TicketAsync(h, 2);
        await using (var check = h.Db())
        {
            Assert.Equal(2, await check.Set<Tip>().AsNoTracking().CountAsync());
            Assert.Empty(await check.Set<TipDraft>().AsNoTracking().ToListAsync());
        }
    }

    [Fact]
    public async Task A_typed_lewati_at_the_contact_question_skips_it_and_the_question_says_it_may_be_typed()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await ToFilesStepAsync(h);
        await h.PostHandledAsync(h.Fake.Text(Dewi, "selesai"));
        var question = await h.WaitForSendAsync(Dewi, s => s.Choices.Contains("t:skip"), "the contact question");
        Assert.Equal(Hint("whatsapp.tips.ask_contact"), Said(question));

        // Something that is neither a number nor the word: the hint, which says Lewati may be typed too.
        await h.PostHandledAsync(h.Fake.Text(Dewi, "tidak usah"));
        await h.WaitForSendAsync(Dewi, s => Said(s) == Hint("whatsapp.tips.contact_hint"), "the contact hint");

        await h.PostHandledAsync(h.Fake.Text(Dewi, "lewati"));
        await SummaryAsync(h, 1);
        await using var db = h.Db();
        var draft = await db.Set<TipDraft>().AsNoTracking().SingleAsync();
        Assert.Equal((TipDraftStep.Confirm, (string?)null), (draft.Step, draft.ContactPhone));
    }

    [Fact]
    public async Task Words_typed_with_capitals_spaces_or_a_full_stop_are_the_buttons_and_longer_messages_stay_text()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await ToFilesStepAsync(h);
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Selesai."));
        await h.WaitForSendAsync(Dewi, s => s.Choices.Contains("t:skip"), "the contact question");
        await h.PostHandledAsync(h.Fake.Text(Dewi, " LEWATI! "));
        await SummaryAsync(h, 1);

        // More than the word is text: at the summary it gets the hint and the summary again, and sends nothing.
        foreach (var (text, count) in new[] { ("kirim sekarang", 2), ("ok", 3) })
        {
            await h.PostHandledAsync(h.Fake.Text(Dewi, text));
            await SummaryAsync(h, count);
        }

        Assert.Equal(2, h.Fake.SendsTo(Dewi).Count(s => s.Text == Hint("whatsapp.tips.confirm_hint")));
        await using (var db = h.Db())
        {
            Assert.Empty(await db.Set<Tip>().AsNoTracking().ToListAsync());
        }

        await h.PostHandledAsync(h.Fake.Text(Dewi, "Kirim!", id: "wamid.KIRIMPUNCT1"));
        var ticket = await TicketAsync(h, 1);
        await using (var db = h.Db())
        {
            var tip = await db.Set<Tip>().AsNoTracking().SingleAsync();
            Assert.Equal((ticket, "Jembatan Cisadane retak di tengah.", "whatsapp:wamid.KIRIMPUNCT1"), (tip.Ticket, tip.Text, tip.SentByPress));
        }

        // A command word too: "Batal." drops a new tip.
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Usulan."));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Batal."));
        await h.WaitForSendAsync(Dewi, s => s.Text == Hint("tips.cancelled"), "the tip cancelled");
        await using (var db = h.Db())
        {
            Assert.Empty(await db.Set<TipDraft>().AsNoTracking().ToListAsync());
        }
    }

    /// <summary>The words of a send: a plain text's, or the body of one with buttons.</summary>
    private static string? Said(WaSend send) => send.Text ?? send.Body["interactive"]?["body"]?["text"]?.GetValue<string>();

    [Fact]
    public async Task The_Kirim_button_of_a_cancelled_summary_pressed_at_a_newer_summary_sends_nothing_and_keeps_the_newer_tip()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await ToFilesStepAsync(h);
        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, "t:done", "Selesai"));
        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, "t:skip", "Lewati"));
        var old = SendChoice(await SummaryAsync(h, 1));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "batal"));
        await h.WaitForSendAsync(Dewi, s => s.Text == Hint("tips.cancelled"), "the first tip cancelled");
        await h.PostHandledAsync(h.Fake.Text(Dewi, "usulan"));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Jembatan Cisadane retak di tengah, lalu lintas dialihkan."));
        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, "t:done", "Selesai"));
        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, "t:skip", "Lewati"));
        var current = SendChoice(await SummaryAsync(h, 2));
        Assert.NotEqual(old, current);

        // The cancelled tip's Kirim, still in the chat, tapped at the newer summary.
        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, old, "Kirim"));
        await h.WaitForSendAsync(Dewi, s => s.Text == Hint("tips.send_not_active"), "that the tapped tip is no longer active");
        Assert.Equal(current, SendChoice(await SummaryAsync(h, 3)));
        await using (var db = h.Db())
        {
            Assert.Empty(await db.Set<Tip>().AsNoTracking().ToListAsync());
            var draft = await db.Set<TipDraft>().AsNoTracking().SingleAsync();
            Assert.Equal((TipDraftStep.Confirm, "Jembatan Cisadane retak di tengah, lalu lintas dialihkan."), (draft.Step, draft.Text));
        }

        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, current, "Kirim"));
        var ticket = await TicketAsync(h, 1);
        await using (var check = h.Db())
        {
            var tip = await check.Set<Tip>().AsNoTracking().SingleAsync();
            Assert.Equal((ticket, "Jembatan Cisadane retak di tengah, lalu lintas dialihkan."), (tip.Ticket, tip.Text));
        }
    }

    private static string SendChoice(WaSend summary) => summary.Choices.Single(c => c.StartsWith("t:send:", StringComparison.Ordinal));

    [Fact]
    public async Task The_Selesai_button_of_a_cancelled_tip_tapped_at_a_newer_tips_files_step_changes_nothing()
    {
        await using var h = await WhatsAppHarness.StartAsync(database: database);
        await ToFilesStepAsync(h);
        var old = DoneChoice(await FilesRequestAsync(h, 1));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "batal"));
        await h.WaitForSendAsync(Dewi, s => s.Text == Hint("tips.cancelled"), "the first tip cancelled");
        await h.PostHandledAsync(h.Fake.Text(Dewi, "usulan"));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Jembatan Cisadane retak di tengah, lalu lintas dialihkan."));
        var current = DoneChoice(await FilesRequestAsync(h, 2));
        Assert.NotEqual(old, current);

        // The cancelled tip's Selesai, still in the chat, tapped at the newer tip's files step.
        await h.PostHandledAsync(h.Fake.ButtonReply(Dewi, old, "Selesai"));
        await h.WaitForSendAsync(Dewi, s => s.Text == Hint("tips.done_not_active"), "that the tapped tip is no longer active");
        Assert.Equal(current, DoneChoice(await FilesRequestAsync(h, 3)));
        Assert.DoesNotContain(h.Fake.SendsTo(Dewi), s => s.Choices.Contains("t:skip"));
        await using (var db = h.Db())
        {
            var draft = await db.Set<TipDraft>().AsNoTracking().SingleAsync();
            Assert.Equal((TipDraftStep.Media, "Jembatan Cisadane retak di tengah, lalu lintas dialihkan."), (draft.Step, draft.Text));
        }

        // "selesai" typed names no draft: it is the open one's, and moves it on.
        await h.PostHandledAsync(h.Fake.Text(Dewi, "selesai"));
        await h.WaitForSendAsync(Dewi, s => s.Choices.Contains("t:skip"), "the contact question");
    }

    private static string DoneChoice(WaSend request) => request.Choices.Single(c => c.StartsWith("t:done:", StringComparison.Ordinal));

    /// <summary>Waits until the request for files with Selesai has been sent <paramref name="count"/> times.</summary>
    private static Task<WaSend> FilesRequestAsync(WhatsAppHarness h, int count) =>
        WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.SendsTo(Dewi).Where(s => s.Status == 200 && s.Choices.Any(c => c.StartsWith("t:done:", StringComparison.Ordinal)))
                .Skip(count - 1).FirstOrDefault()),
            $"the request for files with Selesai ({count})");

    private string Hint(string key) => _texts.Get(key, "id");

    /// <summary>Subscribed, "usulan", the story: at the step that collects files.</summary>
    private static async Task ToFilesStepAsync(WhatsAppHarness h)
    {
        await h.PostHandledAsync(h.Fake.Text(Dewi, "mulai"));
        await h.PostHandledAsync(h.Fake.Text(Dewi, "usulan"));
        await h.WaitForSendAsync(Dewi, s => s.Choices.Contains("t:cancel"), "the tip question");
        await h.PostHandledAsync(h.Fake.Text(Dewi, "Jembatan Cisadane retak di tengah."));
        await h.WaitForSendAsync(Dewi, s => s.Choices.Any(c => c.StartsWith("t:done:", StringComparison.Ordinal)), "the request for files with Selesai");
    }

    /// <summary>Waits until the summary with Kirim has been sent <paramref name="count"/> times.</summary>
    private static Task<WaSend> SummaryAsync(WhatsAppHarness h, int count) =>
        WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.SendsTo(Dewi).Where(s => s.Status == 200 && s.Choices.Any(c => c.StartsWith("t:send:", StringComparison.Ordinal))
                && s.Choices.Contains("t:cancel") && s.Body.ToJsonString().Contains("Jembatan Cisadane", StringComparison.Ordinal)).Skip(count - 1).FirstOrDefault()),
            $"the summary with Kirim ({count})");

    /// <summary>The ticket of the <paramref name="count"/>-th tip sent, once its answer has arrived.</summary>
    private static async Task<string> TicketAsync(WhatsAppHarness h, int count)
    {
        var sent = await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.SendsTo(Dewi).Where(s => s.Status == 200 && s.Text is not null && s.Text.StartsWith("Terima kasih!", StringComparison.Ordinal)
                && Regex.IsMatch(s.Text, @"USL-\d{6}-\d{4}")).Select(s => Regex.Match(s.Text!, @"USL-\d{6}-\d{4}").Value).Distinct().Skip(count - 1).FirstOrDefault()),
            $"ticket {count}");
        return sent;
    }
}

public sealed class WhatsAppTipWordsTestsOnSqlite() : WhatsAppTipWordsTests(DatabaseKind.Sqlite);

public sealed class WhatsAppTipWordsTestsOnPostgres() : WhatsAppTipWordsTests(DatabaseKind.Postgres);
