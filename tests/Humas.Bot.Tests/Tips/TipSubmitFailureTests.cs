using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Humas.Bot.Tests.Tips;

/// <summary>
/// Kirim when the tip cannot be submitted. A fault of the draft's own (here a real one: an institution that does
/// not exist, which both databases refuse) is answered politely at once with the draft kept; the database being
/// unavailable is thrown on for the inbox to handle the press again, and the press handled again makes the tip once.
/// </summary>
public abstract class TipSubmitFailureTests(DatabaseKind databaseKind)
{
    /// <summary>Gives the author's draft an institution the tips table refuses, without touching its version.</summary>
    private static Task<int> SetInstitutionAsync(TipsHarness h, TipAuthor author, string? institutionId) =>
        h.Db(db => db.Set<TipDraft>().Where(d => d.UserExternalId == author.UserExternalId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.InstitutionId, institutionId)));

    private static Task<TipDraft?> DraftAsync(TipsHarness h, TipAuthor author) =>
        h.Db(db => db.Set<TipDraft>().AsNoTracking().FirstOrDefaultAsync(d => d.UserExternalId == author.UserExternalId));

    /// <summary>What each database throws when its disk is full, the cause <c>DatabaseUnavailableHandler</c> names.</summary>
    private Exception DiskFull() => databaseKind == DatabaseKind.Postgres
        ? new PostgresException("could not extend file: No space left on device", "ERROR", "ERROR", "53100")
        : new SqliteException("database or disk is full", 13);

    [Fact]
    public async Task Kirim_on_a_draft_the_database_refuses_is_answered_politely_and_the_draft_is_kept_for_another_try()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = await h.ToSummaryAsync(TipsHarness.Author());
        await SetInstitutionAsync(h, me, "no-such-institution");
        var before = (await DraftAsync(h, me))!;

        var reply = Assert.Single(await h.Send(new TipAction(me, "send")));

        Assert.Equal(h.Text("tips.submit_failed", "id"), reply.Text);
        Assert.Equal([$"send:{before.Id}", "cancel"], reply.Buttons.Select(b => b.Action));
        // Nothing of the tip was written: no tip, no ticket number used, no notice; the draft is as it was.
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Equal(0, await h.Db(db => db.Set<TipTicketCounter>().CountAsync()));
        Assert.Empty(h.Notifier.Editors);
        var draft = (await DraftAsync(h, me))!;
        Assert.Equal((TipDraftStep.Confirm, before.Version, before.Text), (draft.Step, draft.Version, draft.Text));
        var error = Assert.Single(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Category == typeof(TipFlow).FullName);
        Assert.Equal((draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), me.UserExternalId),
            (error.StructuredState!.First(p => p.Key == "DraftId").Value, error.StructuredState!.First(p => p.Key == "UserExternalId").Value));
        Assert.IsAssignableFrom<DbUpdateException>(error.Exception);

        // Once what failed is gone, Kirim sends it, once.
        await SetInstitutionAsync(h, me, null);
        var tip = await h.SubmitFromSummaryAsync(me);
        Assert.Null(await DraftAsync(h, me));
        Assert.Equal(tip.Id, (await h.Db(db => db.Set<Tip>().SingleAsync())).Id);
    }

    [Fact]
    public async Task Kirim_on_a_bundle_the_database_refuses_is_answered_politely_and_the_bundle_is_kept()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = TipsHarness.Author();
        await h.Send(new TipAttachment(me, "photo", "p1", null, "image/jpeg", 10) { Caption = "Banjir" });
        await SetInstitutionAsync(h, me, "no-such-institution");

        var reply = Assert.Single(await h.Send(new TipAction(me, "send")));

        Assert.Equal(h.Text("tips.submit_failed", "id"), reply.Text);
        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.NotNull((await DraftAsync(h, me))!.BundleDueAt);
    }

    [Fact]
    public async Task Kirim_while_the_database_is_unavailable_is_thrown_for_the_inbox_and_the_press_handled_again_makes_the_tip_once()
    {
        using var h = new TipsHarness(db: databaseKind);
        var me = await h.ToSummaryAsync(TipsHarness.Author());
        // The press as the summary's Kirim button makes it, naming its draft.
        var kirim = new TipAction(me, $"send:{(await DraftAsync(h, me))!.Id}");
        // The database fails inside the submission's transaction, after the tip's rows and the draft's deletion.
        h.Notifier.FailNextToEditors = DiskFull();

        // Thrown as the database's own failure (on PostgreSQL wrapped by EF's execution strategy as a likely transient one).
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => h.Send(kirim));
        Assert.NotNull(Humas.Bot.Storage.DatabaseUnavailableHandler.Describe(thrown));

        Assert.Empty(await h.Db(db => db.Set<Tip>().ToListAsync()));
        Assert.Equal(TipDraftStep.Confirm, (await DraftAsync(h, me))!.Step);
        Assert.DoesNotContain(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Category == typeof(TipFlow).FullName);

        // The inbox handles the press again: the tip is made, with its ticket as the answer.
        var made = Assert.Single(await h.Send(kirim));
        var tip = await h.Db(db => db.Set<Tip>().SingleAsync());
        Assert.Equal(h.Text("tips.submitted", "id", tip.Ticket), made.Text);

        // And again (the answer could not be sent, so the update is retried after the commit): no second tip, and the
        // same answer with the same ticket.
        var again = Assert.Single(await h.Send(kirim));
        Assert.Equal(h.Text("tips.submitted", "id", tip.Ticket), again.Text);
        Assert.Equal(tip.Id, (await h.Db(db => db.Set<Tip>().SingleAsync())).Id);
        Assert.Single(h.Notifier.Editors);
    }
}

public sealed class TipSubmitFailureTestsOnSqlite() : TipSubmitFailureTests(DatabaseKind.Sqlite);

public sealed class TipSubmitFailureTestsOnPostgres() : TipSubmitFailureTests(DatabaseKind.Postgres);
