using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Ingestion;

public sealed class ArticleIngestorTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly ArticleIngestor _ingestor;

    public ArticleIngestorTests()
    {
        _ingestor = new ArticleIngestor(_clock, new IngestionTracing(), NullLogger<ArticleIngestor>.Instance);
        using var db = _database.CreateDbContext();
        db.AddInstitutions();
    }

    public void Dispose() => _database.Dispose();

    private async Task<IngestOutcome> IngestAsync(ArticleDraft draft, bool announce = true)
    {
        await using var db = _database.CreateDbContext();
        return await db.InTransactionAsync(() => _ingestor.IngestAsync(db, draft, announce, CancellationToken.None), CancellationToken.None);
    }

    private async Task<List<ArticleEvent>> EventsAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.Set<ArticleEvent>().OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_new_article_is_stored_with_its_published_event()
    {
        var outcome = await IngestAsync(Seeds.RakorKontributor());

        Assert.Equal(IngestResult.Created, outcome.Result);
        await using var db = _database.CreateDbContext();
        var article = await db.Set<Article>().SingleAsync();
        Assert.Equal(outcome.ArticleId, article.Id);
        Assert.Equal(new DateTime(2017, 7, 13, 17, 0, 0, DateTimeKind.Utc), article.PublishedAt);
        Assert.Equal(DateTimeKind.Utc, article.PublishedAt.Kind);
        var published = Assert.Single(await EventsAsync());
        Assert.Equal((article.Id, ArticleEventKind.Published), (published.ArticleId, published.Kind));
    }

    [Fact]
    public async Task Seeing_the_same_item_again_changes_nothing()
    {
        var first = await IngestAsync(Seeds.RakorKontributor());
        var second = await IngestAsync(Seeds.RakorKontributor());

        Assert.Equal(IngestResult.Unchanged, second.Result);
        Assert.Equal(first.ArticleId, second.ArticleId);
        Assert.Single(await EventsAsync());
    }

    [Fact]
    public async Task The_same_guid_under_a_tracking_url_is_the_same_article()
    {
        var first = await IngestAsync(Seeds.RakorKontributor());
        var again = await IngestAsync(Seeds.RakorKontributor() with { Url = Seeds.RakorKontributor().Url.Replace("https://www.", "http://") + "/?utm_source=telegram#top" });

        Assert.Equal((first.ArticleId, IngestResult.Unchanged), (again.ArticleId, again.Result));
    }

    [Fact]
    public async Task An_edit_updates_the_article_and_records_the_old_version_without_announcing_it_again()
    {
        var first = await IngestAsync(Seeds.RakorKontributor());
        _clock.Advance(TimeSpan.FromHours(1));
        var edited = Seeds.RakorKontributor() with { Title = "Menguatkan Peran Kehumasan, Kemensetneg Adakan Rakor Kontributor Berita" };

        var outcome = await IngestAsync(edited);

        Assert.Equal((first.ArticleId, IngestResult.Updated), (outcome.ArticleId, outcome.Result));
        await using var db = _database.CreateDbContext();
        var article = await db.Set<Article>().SingleAsync();
        Assert.Equal(edited.Title, article.Title);
        Assert.Equal(1, article.Revision);
        var revision = await db.Set<ArticleRevision>().SingleAsync();
        Assert.Equal(Seeds.RakorKontributor().Title, revision.Title);
        Assert.Equal([ArticleEventKind.Published, ArticleEventKind.Updated], (await EventsAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task The_same_story_from_a_second_source_is_a_duplicate_not_a_new_article()
    {
        var original = await IngestAsync(Seeds.RakorKontributor("setneg-rss"));
        var republished = Seeds.RakorKontributor("kominfo-gpr") with
        {
            Url = "https://www.kominfo.go.id/berita/gpr/menguatkan-peran-kehumasan",
            SourceGuid = "gpr-99812",
            Title = "MENGUATKAN PERAN KEHUMASAN,  KEMENSETNEG MENGADAKAN RAKOR KONTRIBUTOR BERITA",
        };

        var outcome = await IngestAsync(republished);
        var laterPoll = await IngestAsync(republished);

        Assert.Equal((original.ArticleId, IngestResult.Duplicate), (outcome.ArticleId, outcome.Result));
        Assert.Equal((original.ArticleId, IngestResult.Unchanged), (laterPoll.ArticleId, laterPoll.Result));
        await using var db = _database.CreateDbContext();
        Assert.Equal(1, await db.Set<Article>().CountAsync());
        Assert.Single(await EventsAsync());
    }

    [Fact]
    public async Task Guids_are_scoped_to_their_source()
    {
        var a = await IngestAsync(Seeds.RakorKontributor("one") with { SourceGuid = "123" });
        var b = await IngestAsync(Seeds.RakornasKemensos("two") with { SourceGuid = "123" });

        Assert.NotEqual(a.ArticleId, b.ArticleId);
        Assert.Equal(IngestResult.Created, b.Result);
    }

    [Fact]
    public async Task What_a_first_poll_finds_is_stored_but_not_announced()
    {
        var outcome = await IngestAsync(Seeds.RakorKontributor(), announce: false);

        Assert.Equal(IngestResult.Created, outcome.Result);
        Assert.Empty(await EventsAsync());
        await using var db = _database.CreateDbContext();
        Assert.False((await db.Set<Article>().SingleAsync()).Announced);
    }

    [Fact]
    public async Task A_failed_transaction_leaves_no_half_written_article()
    {
        await using var db = _database.CreateDbContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync<IngestOutcome>(async () =>
        {
            await _ingestor.IngestAsync(db, Seeds.RakorKontributor(), announce: true, CancellationToken.None);
            throw new InvalidOperationException("crash after the article, before the commit");
        }, CancellationToken.None));

        await using var check = _database.CreateDbContext();
        Assert.Equal(0, await check.Set<Article>().CountAsync());
        Assert.Equal(0, await check.Set<ArticleKey>().CountAsync());
        Assert.Empty(await EventsAsync());
    }
}
