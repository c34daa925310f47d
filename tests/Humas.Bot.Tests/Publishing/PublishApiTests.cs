using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Publishing;

public abstract class PublishApiTests(DatabaseKind databaseKind) : IDisposable
{
    private const string Key = "cms-key-8f3a";
    private readonly HumasAppFactory _app = new(new() { ["Publishing:ApiKeys:0"] = Key }, database: databaseKind);

    public void Dispose() => _app.Dispose();

    private static object Article(string url = "https://www.setneg.go.id/baca/index/pelatihan_kehumasan_timor_leste") => new
    {
        institution = "setneg",
        title = "Humas Kemensetneg Menjadi Narasumber Pelatihan Kehumasan Timor Leste",
        url,
        summary = "Pelatihan bagi pejabat dan pegawai Presidency for the Council of Ministers Timor Leste.",
        body = "<p>Pelatihan yang diperuntukkan bagi para pejabat &amp; pegawai ...</p><script>alert(1)</script>",
        publishedAt = "2017-07-12T09:00:00+07:00",
        category = "Kehumasan",
    };

    private HttpClient Client(string? key = Key)
    {
        var client = _app.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    [Fact]
    public async Task A_new_article_is_created_with_201_and_its_id()
    {
        var response = await Client().PostAsJsonAsync("/api/articles", Article());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("created").GetBoolean());
        var id = Guid.Parse(body.GetProperty("id").GetString()!);
        Assert.Equal($"/api/articles/{id}", response.Headers.Location?.OriginalString);

        await using var db = _app.CreateDbContext();
        var stored = await db.Set<Article>().SingleAsync();
        Assert.Equal(id, stored.Id);
        Assert.Equal(ArticleOrigin.PublishApi, stored.Origin);
        Assert.Equal(new DateTime(2017, 7, 12, 2, 0, 0, DateTimeKind.Utc), stored.PublishedAt);
        Assert.DoesNotContain("<", stored.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", stored.Body, StringComparison.Ordinal);
        Assert.Equal(ArticleEventKind.Published, (await db.Set<ArticleEvent>().SingleAsync()).Kind);
    }

    [Fact]
    public async Task Publishing_the_same_url_again_answers_200_with_the_same_id_and_creates_nothing()
    {
        var first = await (await Client().PostAsJsonAsync("/api/articles", Article())).Content.ReadFromJsonAsync<JsonElement>();
        var response = await Client().PostAsJsonAsync("/api/articles", Article("http://setneg.go.id/baca/index/pelatihan_kehumasan_timor_leste/?utm_source=x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.False(again.GetProperty("created").GetBoolean());
        await using var db = _app.CreateDbContext();
        Assert.Equal(1, await db.Set<Article>().CountAsync());
        Assert.Equal(1, await db.Set<ArticleEvent>().CountAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task A_missing_or_wrong_key_gets_401_and_nothing_is_stored(string? key)
    {
        var response = await Client(key).PostAsJsonAsync("/api/articles", Article());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = _app.CreateDbContext();
        Assert.Equal(0, await db.Set<Article>().CountAsync());
    }

    [Fact]
    public async Task An_invalid_article_gets_400_naming_every_failing_field()
    {
        var response = await Client().PostAsJsonAsync("/api/articles", new { institution = "atlantis", title = "", url = "javascript:alert(1)", imageUrl = "not a url" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["imageUrl", "institution", "title", "url"], errors.EnumerateObject().Select(p => p.Name).Order());
        await using var db = _app.CreateDbContext();
        Assert.Equal(0, await db.Set<Article>().CountAsync());
    }

    [Theory]
    [InlineData("{\"institution\": \"setneg\", \"title\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"publishedAt\": \"kemarin\"}")]
    public async Task Malformed_json_gets_400(string json)
    {
        var response = await Client().PostAsync("/api/articles", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_size_cap_gets_413()
    {
        var huge = new string('a', 2 * 1024 * 1024);
        var response = await Client().PostAsJsonAsync("/api/articles", new { institution = "setneg", title = "x", url = "https://setneg.go.id/x", body = huge });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Without_configured_keys_the_publish_api_is_off()
    {
        using var app = new HumasAppFactory(database: databaseKind);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var response = await client.PostAsJsonAsync("/api/articles", Article());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class PublishApiTestsOnSqlite() : PublishApiTests(DatabaseKind.Sqlite);

public sealed class PublishApiTestsOnPostgres() : PublishApiTests(DatabaseKind.Postgres);
