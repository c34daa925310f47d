using System.Net;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Audit;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Tests.Tips;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

/// <summary>Accept, decline, reply and assign from the dashboard: the tip changes, the author is told, the trail says who.</summary>
public sealed class TipDeskTests : IDisposable
{
    private readonly RecordingTipNotifier _notifier = new();
    private readonly AdminHarness _h;

    public TipDeskTests()
    {
        _h = new AdminHarness(services: s => s.AddSingleton<ITipNotices>(sp => _notifier.Over(ActivatorUtilities.CreateInstance<TipNotifications>(sp))));
    }

    public void Dispose() => _h.Dispose();

    private async Task<long> TipAsync()
    {
        await using var db = _h.App.CreateDbContext();
        return (await AdminSeed.TipAsync(db)).Id;
    }

    private async Task<Tip> StoredAsync(long id)
    {
        await using var db = _h.App.CreateDbContext();
        return await db.Set<Tip>().SingleAsync(t => t.Id == id);
    }

    [Fact]
    public async Task Accepting_tells_the_contributor_on_their_channel_and_records_the_editor()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);
        var id = await TipAsync();

        var response = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Accept", new() { ["note"] = "Akan diliput." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var tip = await StoredAsync(id);
        Assert.Equal((TipState.Accepted, "redaktur@setneg.go.id"), (tip.State, tip.DecidedBy));
        var notice = Assert.Single(_notifier.Contributors);
        Assert.Equal((TipNoticeKind.Accepted, "test", "chat-42"), (notice.Kind, notice.Channel, notice.ConversationExternalId));
        Assert.Contains("Akan diliput.", notice.Text, StringComparison.Ordinal);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/admin/usulan/{id}"));
        var trail = page.QuerySelectorAll("#tip-trail tbody tr").Select(r => (r.GetAttribute("data-action"), r.Children[1].TextContent)).ToList();
        Assert.Equal([("tip.submitted", "test:42"), ("tip.accepted", "redaktur@setneg.go.id")], trail);
        Assert.Null(page.QuerySelector("#tip-accept"));
        Assert.Equal("Accepted", page.QuerySelector("#tip-state")!.GetAttribute("data-state"));

        // A second decision (another editor's stale page) changes nothing and tells nobody again.
        await AdminHarness.PostFormAsync(client, "/admin/usulan", $"/admin/usulan/{id}?handler=Decline");
        Assert.Equal(TipState.Accepted, (await StoredAsync(id)).State);
        Assert.Single(_notifier.Contributors);
    }

    [Fact]
    public async Task Linking_the_article_a_tip_became_publishes_it_and_sends_the_contributor_its_link()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);
        var id = await TipAsync();
        Humas.Bot.Ingestion.Model.Article article;
        await using (var db = _h.App.CreateDbContext())
        {
            article = await AdminSeed.ArticleAsync(db, "setneg", "Rakor Kontributor Berita di PPK GBK");
            // As ingestion stores it.
            article.CanonicalUrl = Humas.Bot.Ingestion.Identity.UrlCanonicalizer.Canonicalize(new Uri(article.Url));
            await db.SaveChangesAsync();
        }

        var unknown = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Publish", new() { ["article"] = "https://setneg.go.id/berita/tidak-ada" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Empty(_notifier.Contributors);

        // Pasted as a reader's browser spells it (http, a tracking parameter): found by its canonical address.
        var pasted = article.Url.Replace("https://", "http://", StringComparison.Ordinal) + "?utm_source=wa";
        var response = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Publish", new() { ["article"] = pasted });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var tip = await StoredAsync(id);
        Assert.Equal((TipState.Published, article.Id), (tip.State, tip.ArticleId));
        var notice = Assert.Single(_notifier.Contributors);
        Assert.Equal(TipNoticeKind.Published, notice.Kind);
        Assert.Contains(article.Url, notice.Text, StringComparison.Ordinal);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/admin/usulan/{id}"));
        Assert.Equal(article.Url, page.QuerySelector("#tip-article a")!.GetAttribute("href"));
        Assert.Equal("Published", page.QuerySelector("#tip-state")!.GetAttribute("data-state"));
        Assert.Contains(page.QuerySelectorAll("#tip-trail tbody tr"), r => r.GetAttribute("data-action") == "tip.published");

        // The same link again changes nothing and tells nobody again.
        await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Publish", new() { ["article"] = article.Id.ToString() });
        Assert.Single(_notifier.Contributors);
    }

    [Fact]
    public async Task A_reply_is_relayed_and_moves_the_tip_into_discussion_while_an_empty_one_is_a_400()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);
        var id = await TipAsync();

        var reply = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Reply", new() { ["message"] = "Boleh kirim fotonya?" });
        var empty = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Reply", new() { ["message"] = "  " });
        var tooLong = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Reply", new() { ["message"] = new string('x', 4001) });

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(TipState.InDiscussion, (await StoredAsync(id)).State);
        var notice = Assert.Single(_notifier.Contributors);
        Assert.Equal(TipNoticeKind.EditorMessage, notice.Kind);
        Assert.Contains("Boleh kirim fotonya?", notice.Text, StringComparison.Ordinal);
        await using var db = _h.App.CreateDbContext();
        Assert.Equal(2, await db.Set<TipEvent>().CountAsync(e => e.TipId == id));
    }

    [Fact]
    public async Task Assigning_to_an_editor_is_audited_and_a_viewer_cannot_be_assigned()
    {
        var client = await _h.SignedInAsync("kepala@setneg.go.id", AdminRole.Admin);
        await _h.AddUserAsync("redaktur@setneg.go.id", AdminRole.Editor);
        await _h.AddUserAsync("pembaca@setneg.go.id", AdminRole.Viewer);
        var id = await TipAsync();

        var assign = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Assign", new() { ["assignee"] = "redaktur@setneg.go.id" });
        var viewer = await AdminHarness.PostFormAsync(client, $"/admin/usulan/{id}", $"/admin/usulan/{id}?handler=Assign", new() { ["assignee"] = "pembaca@setneg.go.id" });

        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, viewer.StatusCode);
        await using var db = _h.App.CreateDbContext();
        Assert.Equal("redaktur@setneg.go.id", (await db.Set<TipAssignment>().SingleAsync()).AssignedTo);
        var audit = Assert.Single(await db.Set<AdminAuditEntry>().ToListAsync());
        Assert.Equal(("kepala@setneg.go.id", "tip.assign", id.ToString(), "redaktur@setneg.go.id"), (audit.Actor, audit.Action, audit.TargetId, audit.Detail));
        var queue = new HtmlParser().ParseDocument(await client.GetStringAsync("/admin/usulan?state=New"));
        Assert.Contains("redaktur@setneg.go.id", queue.QuerySelector($"#tip-queue tr[data-tip-id='{id}']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(_notifier.Contributors);
    }

    [Fact]
    public async Task Actions_on_an_unknown_tip_are_404()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/usulan/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AdminHarness.PostFormAsync(client, "/admin/usulan", "/admin/usulan/999?handler=Accept")).StatusCode);
    }

    [Fact]
    public async Task Photos_are_shown_inline_and_other_files_only_download_for_signed_in_editors()
    {
        var storage = Directory.CreateTempSubdirectory("humas-tips-").FullName;
        using var h = new AdminHarness(new() { ["Tips:StoragePath"] = storage });
        var client = await h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);
        long tipId, photo, page;
        await using (var db = h.App.CreateDbContext())
        {
            var tip = await AdminSeed.TipAsync(db);
            tipId = tip.Id;
            Directory.CreateDirectory(Path.Combine(storage, tip.Ticket));
            await File.WriteAllBytesAsync(Path.Combine(storage, tip.Ticket, "foto.jpg"), [0xFF, 0xD8, 0xFF, 0xE0]);
            await File.WriteAllTextAsync(Path.Combine(storage, tip.Ticket, "x.html"), "<script>alert(1)</script>");
            var a = new TipAttachmentRecord { TipId = tipId, Kind = "photo", ChannelFileId = "f1", MediaType = "image/jpeg", State = TipAttachmentState.Stored, StoredPath = $"{tip.Ticket}/foto.jpg" };
            var b = new TipAttachmentRecord { TipId = tipId, Kind = "document", ChannelFileId = "f2", MediaType = "text/html", OriginalName = "x.html", State = TipAttachmentState.Stored, StoredPath = $"{tip.Ticket}/x.html" };
            var c = new TipAttachmentRecord { TipId = tipId, Kind = "document", ChannelFileId = "f3", State = TipAttachmentState.Stored, StoredPath = "../../etc/passwd" };
            db.AddRange(a, b, c);
            await db.SaveChangesAsync();
            (photo, page) = (a.Id, b.Id);
            var escape = c.Id;
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/usulan/{tipId}/lampiran/{escape}")).StatusCode);
        }

        var image = await client.GetAsync($"/admin/usulan/{tipId}/lampiran/{photo}");
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType!.MediaType);
        var html = await client.GetAsync($"/admin/usulan/{tipId}/lampiran/{page}");
        Assert.Equal("application/octet-stream", html.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", html.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", html.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/usulan/{tipId + 1}/lampiran/{photo}")).StatusCode);
        var detail = new HtmlParser().ParseDocument(await client.GetStringAsync($"/admin/usulan/{tipId}"));
        Assert.NotNull(detail.QuerySelector($"img[src='/admin/usulan/{tipId}/lampiran/{photo}'][alt]"));
        Assert.NotNull(detail.QuerySelector($"a[download][href='/admin/usulan/{tipId}/lampiran/{page}']"));
        Assert.Equal(HttpStatusCode.Redirect, (await h.Client().GetAsync($"/admin/usulan/{tipId}/lampiran/{photo}")).StatusCode);
    }
}
