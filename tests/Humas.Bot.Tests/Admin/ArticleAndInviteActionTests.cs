using System.Net;
using System.Text.RegularExpressions;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Contributors;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

public sealed partial class ArticleAndInviteActionTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Cancel_stops_the_pending_sends_of_an_article_and_is_audited()
    {
        var client = await _h.SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);
        Guid articleId;
        await using (var db = _h.App.CreateDbContext())
        {
            articleId = (await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi")).Id;
            for (var i = 0; i < 3; i++)
            {
                var chat = new Conversation { Channel = "nowhere", ExternalId = $"c{i}", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                db.Add(chat);
                await db.SaveChangesAsync();
                // "nowhere" has no delivery channel, and the rows are due in an hour, so the dispatcher leaves them alone.
                db.Add(new DeliveryRecord
                {
                    Kind = DeliveryKind.Article, ArticleId = articleId, ConversationId = chat.Id, State = i == 0 ? DeliveryState.Sent : DeliveryState.Pending,
                    CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow.AddHours(1),
                });
            }

            await db.SaveChangesAsync();
        }

        var response = await AdminHarness.PostFormAsync(client, $"/admin/artikel/{articleId}", $"/admin/artikel/{articleId}?handler=Cancel");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("2 pengiriman dibatalkan.", await client.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
        await using var check = _h.App.CreateDbContext();
        Assert.Equal([DeliveryState.Sent, DeliveryState.Cancelled, DeliveryState.Cancelled], await check.Set<DeliveryRecord>().OrderBy(d => d.Id).Select(d => d.State).ToListAsync());
        var audit = Assert.Single(await check.Set<AdminAuditEntry>().ToListAsync());
        Assert.Equal(("redaktur@kominfo.go.id", "article.cancel", "2"), (audit.Actor, audit.Action, audit.Detail));
        Assert.Equal(HttpStatusCode.NotFound, (await AdminHarness.PostFormAsync(client, $"/admin/artikel/{articleId}", $"/admin/artikel/{Guid.NewGuid()}?handler=Recall")).StatusCode);
    }

    [Fact]
    public async Task Recall_from_the_article_page_becomes_a_durable_job_whose_progress_the_page_shows()
    {
        var client = await _h.SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);
        Guid articleId;
        await using (var db = _h.App.CreateDbContext())
        {
            articleId = (await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi")).Id;
        }

        var response = await AdminHarness.PostFormAsync(client, $"/admin/artikel/{articleId}", $"/admin/artikel/{articleId}?handler=Recall");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Penarikan kembali dimulai.", await client.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
        await using var check = _h.App.CreateDbContext();
        var job = await check.Set<Humas.Bot.Delivery.Operations.ArticleJob>().SingleAsync();
        Assert.Equal((articleId, Humas.Bot.Delivery.Operations.ArticleJobKind.Recall, "redaktur@kominfo.go.id"), (job.ArticleId, job.Kind, job.RequestedBy));
        var audit = Assert.Single(await check.Set<AdminAuditEntry>().ToListAsync());
        Assert.Equal(("article.recall", $"job {job.Id} requested"), (audit.Action, audit.Detail));
        // Nothing was sent, so the job has nothing to delete; the page shows its line either way.
        var page = await client.GetStringAsync($"/admin/artikel/{articleId}");
        Assert.Matches("id=\"article-job\" data-state=\"(pending|running|done)\">Tarik kembali: [a-z ]+. Selesai 0, gagal 0, menunggu 0.", page);
    }

    [Fact]
    public async Task An_invite_made_in_the_dashboard_is_shown_once_registers_a_contributor_and_can_be_revoked()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);
        await using (var db = _h.App.CreateDbContext())
        {
            await AdminSeed.InstitutionsAsync(db, "setneg");
        }

        var bad = await AdminHarness.PostFormAsync(client, "/admin/kontributor", "/admin/kontributor?handler=Invite", new() { ["institution"] = "setneg", ["unit"] = "", ["uses"] = "1", ["days"] = "30" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var made = await AdminHarness.PostFormAsync(client, "/admin/kontributor", "/admin/kontributor?handler=Invite", new() { ["institution"] = "setneg", ["unit"] = "PPK GBK", ["uses"] = "2", ["days"] = "30" });
        var code = CodePattern().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", code);
        Assert.DoesNotContain(code, await client.GetStringAsync("/admin/kontributor"), StringComparison.Ordinal);

        var registry = _h.App.Services.GetRequiredService<ContributorRegistry>();
        await registry.RegisterAsync(new TipAuthor("test", "chat-1", "1", "Tri", "id"), code, default);
        long inviteId;
        await using (var db = _h.App.CreateDbContext())
        {
            Assert.Equal("PPK GBK", (await db.Set<TipContributor>().SingleAsync()).Unit);
            inviteId = (await db.Set<TipInvite>().SingleAsync()).Id;
        }

        await AdminHarness.PostFormAsync(client, "/admin/kontributor", "/admin/kontributor?handler=Revoke", new() { ["id"] = inviteId.ToString() });
        await registry.RegisterAsync(new TipAuthor("test", "chat-2", "2", "Budi", "id"), code, default);
        await using var check = _h.App.CreateDbContext();
        Assert.Single(await check.Set<TipContributor>().ToListAsync());
        Assert.Equal(["invite.create", "invite.revoke"], await check.Set<AdminAuditEntry>().OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [GeneratedRegex("<code id=\"invite-code\">([^<]+)</code>")]
    private static partial Regex CodePattern();
}
