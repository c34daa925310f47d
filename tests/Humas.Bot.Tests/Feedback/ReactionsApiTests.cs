using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Feedback;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Feedback;

public abstract class ReactionsApiTests(DatabaseKind databaseKind) : IDisposable
{
    private const string Key = "cms-key-feedback";
    private readonly HumasAppFactory _app = new(new() { ["Publishing:ApiKeys:0"] = Key }, database: databaseKind);

    public void Dispose() => _app.Dispose();

    private async Task<Guid> PublishAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new { institution = "setneg", title = "Rakor Kontributor Berita", url = $"https://www.setneg.go.id/baca/{Guid.NewGuid():N}", publishedAt = "2026-11-22T09:00:00+07:00" }),
        };
        request.Headers.Add("X-Api-Key", Key);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task The_counters_come_back_in_the_documented_shape_with_zeros_and_in_id_order()
    {
        var client = _app.CreateClient();
        var article = await PublishAsync(client);
        var reactions = _app.Services.GetRequiredService<IReactionService>();
        await reactions.VoteAsync(article, "telegram:1", 1, CancellationToken.None);
        await reactions.VoteAsync(article, "teams:1", 1, CancellationToken.None);
        await reactions.VoteAsync(article, "web:abc", 4, CancellationToken.None);

        var response = await client.GetAsync($"/api/articles/{article}/reactions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["articleId", "total", "options"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(article.ToString(), body.GetProperty("articleId").GetString());
        Assert.Equal(3, body.GetProperty("total").GetInt32());
        var options = body.GetProperty("options").EnumerateArray().ToList();
        Assert.All(options, o => Assert.Equal(["id", "emoji", "label", "count"], o.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(
            [(1, "👍", "Suka", 2), (2, "👏", "Bermanfaat", 0), (3, "😐", "Biasa saja", 0), (4, "😟", "Khawatir", 1), (5, "👎", "Tidak suka", 0)],
            options.Select(o => (o.GetProperty("id").GetInt32(), o.GetProperty("emoji").GetString(), o.GetProperty("label").GetString(), o.GetProperty("count").GetInt32())));
    }

    [Fact]
    public async Task English_labels_on_request()
    {
        var client = _app.CreateClient();
        var article = await PublishAsync(client);

        var body = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{article}/reactions?lang=en");

        Assert.Equal(["Like", "Useful", "Neutral", "Worried", "Dislike"], body.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("label").GetString()));
        Assert.Equal(0, body.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("not-a-guid")]
    public async Task An_unknown_or_malformed_id_is_a_404_problem(string id)
    {
        var response = await _app.CreateClient().GetAsync($"/api/articles/{id}/reactions");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

public sealed class ReactionsApiTestsOnSqlite() : ReactionsApiTests(DatabaseKind.Sqlite);

public sealed class ReactionsApiTestsOnPostgres() : ReactionsApiTests(DatabaseKind.Postgres);
