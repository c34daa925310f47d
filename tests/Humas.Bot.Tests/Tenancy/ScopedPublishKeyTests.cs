using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Publishing;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Tenancy;

/// <summary>
/// Publish keys bound to institutions: a key publishes only as its institutions (another is 403) and only a
/// national key (<c>Publishing:ApiKeys</c>, or one made in the dashboard without institutions) marks an item national.
/// </summary>
public sealed class ScopedPublishKeyTests : IDisposable
{
    private const string National = "national-key-5b1e9c";
    private const string Kemensos = "kemensos-key-0f4d7a21";

    private readonly HumasAppFactory _app = new(new()
    {
        ["Publishing:ApiKeys:0"] = National,
        ["Publishing:Keys:0:Key"] = Kemensos,
        ["Publishing:Keys:0:Institutions:0"] = "kemensos",
    });

    public void Dispose() => _app.Dispose();

    private static object Article(string institution, bool? national = null) => new
    {
        institution,
        // Each its own: the same title and summary twice would be found a duplicate (200, not 201).
        title = $"Bansos tahap dua disalurkan {Guid.NewGuid():N}",
        url = $"https://{institution}.go.id/berita/{Guid.NewGuid():N}",
        summary = $"Penyaluran bantuan sosial tahap dua, {Guid.NewGuid():N}.",
        national,
    };

    private Task<HttpResponseMessage> PostAsync(string key, object article)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client.PostAsJsonAsync("/api/articles", article);
    }

    [Fact]
    public async Task A_configured_institution_key_publishes_as_its_institution_and_gets_403_as_another_or_national()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Kemensos, Article("kemensos"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Kemensos, Article("setneg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Kemensos, Article("kemensos", national: true))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(National, Article("setneg", national: true))).StatusCode);

        await using var db = _app.CreateDbContext();
        var stored = await db.Set<Article>().OrderBy(a => a.InstitutionId).Select(a => new { a.InstitutionId, a.National }).ToListAsync();
        Assert.Equal([("kemensos", false), ("setneg", true)], stored.Select(a => (a.InstitutionId, a.National)));
    }

    [Fact]
    public async Task Publishing_a_known_article_again_as_national_marks_it_national_once_as_the_dashboard_does()
    {
        var article = Article("kemensos");
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Kemensos, article)).StatusCode);
        var again = JsonSerializer.SerializeToElement(article).Deserialize<Dictionary<string, object?>>()!;
        again["national"] = true;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(National, again)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(National, again)).StatusCode);

        await using var db = _app.CreateDbContext();
        var stored = await db.Set<Article>().SingleAsync();
        Assert.True(stored.National);
        // Its first announcement and one more for the mark; the second national publish changed nothing.
        Assert.Equal(2, await db.Set<ArticleEvent>().CountAsync(e => e.ArticleId == stored.Id && e.Kind == ArticleEventKind.Published));
    }

    [Fact]
    public async Task A_dashboard_key_made_for_an_institution_is_bound_to_it()
    {
        var keys = _app.Services.GetRequiredService<PublishKeys>();
        var setneg = await keys.CreateAsync("CMS Setneg", "admin@setneg.go.id", ["setneg"], default);
        var national = await keys.CreateAsync("CMS nasional", "admin@kominfo.go.id", [], default);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(setneg.Key, Article("setneg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(setneg.Key, Article("kemensos"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(setneg.Key, Article("setneg", national: true))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(national.Key, Article("kemensos", national: true))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("not-a-key-at-all-xx", Article("setneg"))).StatusCode);
        Assert.Equal(["setneg"], (await keys.ListAsync(default)).Single(k => k.Key.Id == setneg.Id).Institutions);
        await Assert.ThrowsAsync<AccountException>(() => keys.CreateAsync("CMS", "admin@x.go.id", ["tidak-ada"], default));
    }

    [Theory]
    [InlineData("short", "kemensos")]
    [InlineData("a-long-enough-key-0123", null)]
    public void An_institution_key_too_short_or_without_institutions_is_refused_at_start(string key, string? institution)
    {
        var settings = new Dictionary<string, string?> { ["Publishing:Keys:0:Key"] = key };
        if (institution is not null)
        {
            settings["Publishing:Keys:0:Institutions:0"] = institution;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions(PublishingOptions.Section, new PublishingOptionsValidator());
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PublishingOptions>>().Value);
        Assert.Contains(error.Failures, f => f.StartsWith("Publishing:Keys:0:", StringComparison.Ordinal));
    }
}
