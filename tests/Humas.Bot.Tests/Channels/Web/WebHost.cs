using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>The whole service (Program.cs) on a fresh SQLite file with the web channel configured for tests.</summary>
public sealed class WebHost : IDisposable
{
    public const string ApiKey = "cms-key-web";
    public const string AllowedOrigin = "https://www.kemensos.go.id";

    /// <summary>Fixed so tests can sign ids themselves; base64 of 32 bytes.</summary>
    public static readonly string VisitorKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public WebHost(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, DatabaseKind database = DatabaseKind.Sqlite, bool kestrel = false)
    {
        Folder = Path.Combine(Path.GetTempPath(), "humas-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var all = new Dictionary<string, string?>
        {
            ["Publishing:ApiKeys:0"] = ApiKey,
            ["Web:VisitorKey"] = VisitorKey,
            ["Web:AllowedOrigins:0"] = AllowedOrigin,
            // Tests vote right after getting an id; VisitorAgeTests checks the wait.
            ["Web:VisitorMinAgeSeconds"] = "0",
            // Files in the database (the default store): Folder stays for what a test writes itself.
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        App = new HumasAppFactory(all, services, database);
        // One client plays many browsers: each request carries the cookie of the visitor it names (SendAsync).
        Client = kestrel
            ? App.OnKestrel().Client()
            : App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
    }

    public string Folder { get; }
    public HumasAppFactory App { get; }
    public HttpClient Client { get; }
    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task<string> NewVisitorAsync()
    {
        var response = await Client.PostAsync("/api/visitors", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitorId").GetString()!;
    }

    /// <param name="url">The article's address; by default a new one on setneg.go.id.</param>
    public async Task<Guid> PublishAsync(string title = "Rakor Kontributor Berita", string? url = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new { institution = "setneg", title, url = url ?? $"https://www.setneg.go.id/baca/{Guid.NewGuid():N}", publishedAt = DateTimeOffset.UtcNow }),
        };
        request.Headers.Add("X-Api-Key", ApiKey);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    public Task<HttpResponseMessage> VoteAsync(Guid article, string? visitor, object body, string? origin = null, string? cookie = null) =>
        SendAsync(HttpMethod.Post, $"/api/articles/{article}/reactions", visitor, JsonContent.Create(body), origin, cookie);

    /// <param name="cookie">The browser's visitor cookie; by default the one issued with <paramref name="visitor"/>, "" for none.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? visitor, HttpContent? content = null, string? origin = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (visitor is not null)
        {
            request.Headers.Add("X-Humas-Visitor", visitor);
        }

        if ((cookie ?? visitor) is { Length: > 0 } token)
        {
            request.Headers.Add("Cookie", "humas_visitor=" + token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>The body as JSON, buffered so a test may read it again.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public static async Task<int[]> CountsAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response);
        return body.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("count").GetInt32()).ToArray();
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
    }

    public void Dispose()
    {
        Client.Dispose();
        App.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background worker; the temp folder is cleaned by the OS.
        }
    }
}
