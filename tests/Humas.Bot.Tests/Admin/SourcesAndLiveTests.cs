using System.Net;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Audit;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Admin.Demo;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

public sealed class SourcesAndLiveTests
{
    private static readonly byte[] DemoFeed = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Demo", "berita-humas.xml"));

    /// <summary>The demo feed over http: dashboard sources are http(s) only (file: belongs to the configuration).</summary>
    private static Task<LoopbackServer> FeedServerAsync() =>
        LoopbackServer.StartAsync(app => app.MapGet("/rss", () => Results.Bytes(DemoFeed, "application/rss+xml")));

    [Fact]
    public async Task A_dashboard_source_is_checked_now_keeps_its_history_and_survives_the_start_up_sync()
    {
        await using var feed = await FeedServerAsync();
        string DemoFeedUrl() => feed.Url("rss").ToString();
        using var h = new AdminHarness(new()
        {
            ["Ingestion:AllowPrivateNetworks"] = "true",
            // A configured (and disabled) source beside the dashboard's: it stays owned by the configuration.
            ["Sources:0:Id"] = "demo", ["Sources:0:Institution"] = "kominfo", ["Sources:0:Url"] = "file:Demo/berita-humas.xml", ["Sources:0:Enabled"] = "false",
        });
        var client = await h.SignedInAsync("admin@kominfo.go.id", AdminRole.Admin);
        await using (var db = h.App.CreateDbContext())
        {
            await AdminSeed.InstitutionsAsync(db, "kominfo");
        }

        var bad = await AdminHarness.PostFormAsync(client, "/admin/sumber", "/admin/sumber", new()
        {
            ["Id"] = "Bukan Id", ["Institution"] = "kominfo", ["Url"] = "ftp://x", ["Kind"] = "Rss", ["PollSeconds"] = "300",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Gunakan huruf kecil, angka dan tanda hubung", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badUrl = await AdminHarness.PostFormAsync(client, "/admin/sumber", "/admin/sumber", new()
        {
            ["Id"] = "kominfo-ftp", ["Institution"] = "kominfo", ["Url"] = "ftp://kominfo.go.id/rss", ["Kind"] = "Rss", ["PollSeconds"] = "300",
        });
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Contains("Masukkan alamat lengkap yang diawali http://", await badUrl.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var added = await AdminHarness.PostFormAsync(client, "/admin/sumber", "/admin/sumber", new()
        {
            ["Id"] = "kominfo-rss", ["Institution"] = "kominfo", ["Name"] = "Berita Kominfo", ["Url"] = DemoFeedUrl(), ["Kind"] = "Rss", ["PollSeconds"] = "600",
        });
        Assert.Equal("/admin/sumber/kominfo-rss", added.Headers.Location!.OriginalString);

        var check = await AdminHarness.PostFormAsync(client, "/admin/sumber/kominfo-rss", "/admin/sumber/kominfo-rss?handler=Check");
        Assert.Equal(HttpStatusCode.Redirect, check.StatusCode);
        await using (var db = h.App.CreateDbContext())
        {
            var history = await db.Set<SourceHealthEvent>().Where(e => e.SourceId == "kominfo-rss").ToListAsync();
            var checkRow = Assert.Single(history, e => e.Trigger == "check");
            Assert.True(checkRow.Success);
            // The poller may have taken the new source's first poll before "check now": either way the five are in, once.
            Assert.Equal(5, history.Sum(e => e.Created));
            Assert.Equal(5, await db.Set<Article>().CountAsync(a => a.SourceId == "kominfo-rss"));
            Assert.Contains(await db.Set<AdminAuditEntry>().ToListAsync(), a => a.Action == "source.check" && a.TargetId == "kominfo-rss");
        }

        // A restart re-applies configuration; the dashboard source is not in it and must stay as the dashboard left it.
        await h.App.Services.GetRequiredService<SourceCatalog>().SynchronizeAsync(default);
        await using (var db = h.App.CreateDbContext())
        {
            var source = await db.Set<Source>().SingleAsync(s => s.Id == "kominfo-rss");
            Assert.Equal((SourceOrigin.Dashboard, true, 600), (source.Origin, source.Enabled, source.PollSeconds));
            Assert.Equal((SourceOrigin.Configuration, false), await db.Set<Source>().Where(s => s.Id == "demo").Select(s => ValueTuple.Create(s.Origin, s.Enabled)).SingleAsync());
        }

        var disable = await AdminHarness.PostFormAsync(client, "/admin/sumber/kominfo-rss", "/admin/sumber/kominfo-rss?handler=Enable", new() { ["enabled"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        var configured = await AdminHarness.PostFormAsync(client, "/admin/sumber/demo", "/admin/sumber/demo?handler=Edit", new()
        {
            ["Institution"] = "kominfo", ["Url"] = "https://contoh.go.id/rss", ["Kind"] = "Rss", ["PollSeconds"] = "300",
        });
        Assert.Equal(HttpStatusCode.BadRequest, configured.StatusCode);
        await using (var db = h.App.CreateDbContext())
        {
            Assert.False((await db.Set<Source>().SingleAsync(s => s.Id == "kominfo-rss")).Enabled);
            Assert.StartsWith("file:", (await db.Set<Source>().SingleAsync(s => s.Id == "demo")).ConfiguredUrl, StringComparison.Ordinal);
        }

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/admin/sumber/kominfo-rss"));
        Assert.Contains(page.QuerySelectorAll("#source-history tbody tr"), r => r.TextContent.Contains("periksa sekarang", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_progress_stream_reports_a_finished_broadcast_as_100_percent_and_ends()
    {
        using var h = new AdminHarness();
        var client = await h.SignedInAsync("pembaca@kominfo.go.id", AdminRole.Viewer);
        Guid articleId;
        await using (var db = h.App.CreateDbContext())
        {
            articleId = (await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi")).Id;
            var chat = new Conversation { Channel = "telegram", ExternalId = "1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Add(chat);
            await db.SaveChangesAsync();
            db.Add(new DeliveryRecord
            {
                Kind = DeliveryKind.Article, ArticleId = articleId, ConversationId = chat.Id, State = DeliveryState.Sent, SentAt = DateTime.UtcNow,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var response = await client.GetAsync($"/admin/live/progress?ids={articleId},not-a-guid");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"\"articleId\":\"{articleId}\"", body, StringComparison.Ordinal);
        Assert.Contains("\"percent\":100", body, StringComparison.Ordinal);
        Assert.Contains("\"sent\":1", body, StringComparison.Ordinal);
        Assert.Contains("event: done", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/admin/live/progress?ids=nonsense")).StatusCode);
    }

    [Fact]
    public async Task Demo_mode_adds_reactions_a_tip_and_an_admin_once()
    {
        using var h = new AdminHarness(new() { ["Demo:Enabled"] = "true" });
        _ = h.App.Services; // starts the host: the demo source is polled and the demo data follows
        var demo = h.App.Services.GetRequiredService<DemoData>();
        await Eventually.UntilAsync(async () =>
        {
            await using var db = h.App.CreateDbContext();
            return await db.Set<Tip>().AnyAsync(t => t.UserExternalId == DemoData.DemoTipAuthor) && await db.Set<Vote>().CountAsync() == 150;
        }, "the demo data", TimeSpan.FromSeconds(90));

        Assert.True(await demo.SeedAsync(default));
        await using var check = h.App.CreateDbContext();
        Assert.Equal(150, await check.Set<Vote>().CountAsync());
        Assert.Equal(5, await check.Set<ReactionTallyRow>().Where(t => t.Count > 0).Select(t => t.ArticleId).Distinct().CountAsync());
        Assert.Single(await check.Set<Tip>().ToListAsync());
        var admin = Assert.Single(await check.Set<AdminUser>().ToListAsync());
        Assert.Equal((DemoData.DemoAdmin, AdminRole.Admin), (admin.Email, admin.Role));
    }
}
