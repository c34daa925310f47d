using System.Net;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tenancy;

/// <summary>
/// A national editor marks an article national from its page: it goes to every institution's subscribers who do not
/// have it yet, each once (also when marked twice, and when its own institution's readers already got it), and the
/// mark is audited. An institution's account has no such button, and a forged post is refused and changes nothing.
/// </summary>
public sealed class NationalMarkingTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    private Task<HttpClient> SignedInAsync(string email, AdminRole role, params string[] institutions) =>
        _h.SignedInAsync(email, role, institutions);

    /// <summary>
    /// A kemensos article, and readers: two of kemensos (one also of setneg), one of setneg, one of everything, one of
    /// a category only. With <paramref name="sentToOwnReaders"/>, the article already went to kemensos' readers and to
    /// the reader of everything, as an ordinary item does.
    /// </summary>
    private async Task<(Guid Article, Dictionary<string, long> Readers)> SeedAsync(bool sentToOwnReaders)
    {
        await using var db = _h.App.CreateDbContext();
        await AdminSeed.InstitutionsAsync(db, "kemensos", "setneg");
        var article = await AdminSeed.ArticleAsync(db, "kemensos", "Bansos tahap dua disalurkan");
        var now = DateTime.UtcNow;
        var names = new[] { "kemensos", "both", "setneg", "all", "category" };
        var readers = names.ToDictionary(n => n, n => new Conversation { Channel = "test", ExternalId = n, Status = ConversationStatus.Active, CreatedAt = now, UpdatedAt = now });
        db.AddRange(readers.Values);
        await db.SaveChangesAsync();
        db.AddRange(
            new Subscription { ConversationId = readers["kemensos"].Id, Target = SubscriptionTarget.Institution, Value = "kemensos" },
            new Subscription { ConversationId = readers["both"].Id, Target = SubscriptionTarget.Institution, Value = "kemensos" },
            new Subscription { ConversationId = readers["both"].Id, Target = SubscriptionTarget.Institution, Value = "setneg" },
            new Subscription { ConversationId = readers["setneg"].Id, Target = SubscriptionTarget.Institution, Value = "setneg" },
            new Subscription { ConversationId = readers["all"].Id, Target = SubscriptionTarget.All, Value = "" },
            new Subscription { ConversationId = readers["category"].Id, Target = SubscriptionTarget.Category, Value = "Olahraga" });
        if (sentToOwnReaders)
        {
            db.AddRange(new[] { "kemensos", "both", "all" }.Select(n => new DeliveryRecord
            {
                Kind = DeliveryKind.Article, ArticleId = article.Id, ConversationId = readers[n].Id, State = DeliveryState.Sent,
                CreatedAt = now, UpdatedAt = now, NextAttemptAt = now, SentAt = now, MessageId = "m-" + n,
            }));
        }

        await db.SaveChangesAsync();
        return (article.Id, readers.ToDictionary(r => r.Key, r => r.Value.Id));
    }

    /// <summary>Waits until the fan-out has planned every "published" event of the article.</summary>
    private Task PlannedAsync(Guid article) =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = _h.App.CreateDbContext();
            return !await db.Set<ArticleEvent>().AnyAsync(e => e.ArticleId == article && e.ProcessedAt == null);
        }, $"every published event of article {article} planned");

    private async Task<List<DeliveryRecord>> DeliveriesAsync(Guid article)
    {
        await using var db = _h.App.CreateDbContext();
        return await db.Set<DeliveryRecord>().AsNoTracking().Where(d => d.ArticleId == article).ToListAsync();
    }

    /// <summary>Posts the mark with a valid anti-forgery token (the overview's sign-out form's: a token is not bound to a page).</summary>
    private static Task<HttpResponseMessage> MarkAsync(HttpClient client, Guid article) =>
        AdminHarness.PostFormAsync(client, "/admin", $"/admin/artikel/{article}?handler=National");

    [Fact]
    public async Task Marking_an_unsent_article_national_twice_sends_it_to_every_institutions_subscribers_once_and_is_audited()
    {
        var (article, readers) = await SeedAsync(sentToOwnReaders: false);
        var editor = await SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);
        Assert.Contains("id=\"article-national\"", await editor.GetStringAsync($"/admin/artikel/{article}"), StringComparison.Ordinal);

        var first = await MarkAsync(editor, article);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("kini berita nasional", await editor.GetStringAsync($"/admin/artikel/{article}"), StringComparison.Ordinal);
        await PlannedAsync(article);
        var second = await MarkAsync(editor, article);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains("sudah berita nasional", await editor.GetStringAsync($"/admin/artikel/{article}"), StringComparison.Ordinal);
        await PlannedAsync(article);

        var deliveries = await DeliveriesAsync(article);
        Assert.Equal(new[] { readers["kemensos"], readers["both"], readers["setneg"], readers["all"] }.Order(), deliveries.Select(d => d.ConversationId).Order());
        await using var db = _h.App.CreateDbContext();
        Assert.True((await db.Set<Article>().SingleAsync(a => a.Id == article)).National);
        Assert.Equal(1, await db.Set<ArticleEvent>().CountAsync(e => e.ArticleId == article));
        var audit = await _h.App.Services.GetRequiredService<AuditLog>().ForAsync("article", article.ToString("D"), default);
        Assert.Equal(("redaktur@kominfo.go.id", "article.national"), (audit.Single().Actor, audit.Single().Action));
    }

    [Fact]
    public async Task Marking_an_article_its_institutions_readers_already_received_sends_only_to_the_others()
    {
        var (article, readers) = await SeedAsync(sentToOwnReaders: true);
        var before = (await DeliveriesAsync(article)).ToDictionary(d => d.ConversationId, d => d.Id);
        var admin = await SignedInAsync("operator@kominfo.go.id", AdminRole.Admin);

        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(admin, article)).StatusCode);
        await PlannedAsync(article);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(admin, article)).StatusCode);
        await PlannedAsync(article);

        var deliveries = await DeliveriesAsync(article);
        Assert.Equal(new[] { readers["kemensos"], readers["both"], readers["setneg"], readers["all"] }.Order(), deliveries.Select(d => d.ConversationId).Order());
        // The readers who had it keep their one sent copy; only the setneg reader is new.
        Assert.All(before, b => Assert.Equal(b.Value, deliveries.Single(d => d.ConversationId == b.Key).Id));
        Assert.Equal([readers["setneg"]], deliveries.Where(d => !before.ContainsKey(d.ConversationId)).Select(d => d.ConversationId));
    }

    [Fact]
    public async Task An_institutions_editor_has_no_national_button_and_a_forged_mark_is_refused_and_changes_nothing()
    {
        var (article, _) = await SeedAsync(sentToOwnReaders: false);
        var own = await SignedInAsync("redaktur@kemensos.go.id", AdminRole.Editor, "kemensos");
        var viewer = await SignedInAsync("pemantau@kominfo.go.id", AdminRole.Viewer);

        Assert.DoesNotContain("article-national", await own.GetStringAsync($"/admin/artikel/{article}"), StringComparison.Ordinal);
        Assert.DoesNotContain("article-national", await viewer.GetStringAsync($"/admin/artikel/{article}"), StringComparison.Ordinal);
        foreach (var client in new[] { own, viewer })
        {
            var forged = await MarkAsync(client, article);
            Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
            Assert.Contains("/admin/ditolak", forged.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // Without the anti-forgery token: 400.
        var national = await SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor);
        var tokenless = await national.PostAsync($"/admin/artikel/{article}?handler=National", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        // An article that does not exist: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await MarkAsync(national, Guid.CreateVersion7())).StatusCode);

        await using var db = _h.App.CreateDbContext();
        Assert.False((await db.Set<Article>().SingleAsync(a => a.Id == article)).National);
        Assert.False(await db.Set<ArticleEvent>().AnyAsync(e => e.ArticleId == article));
        Assert.Empty(await _h.App.Services.GetRequiredService<AuditLog>().ForAsync("article", article.ToString("D"), default));
    }
}
