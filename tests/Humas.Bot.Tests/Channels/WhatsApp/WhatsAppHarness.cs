using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.FakePlatforms.WhatsApp;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>The real host with WhatsApp on, its Graph API base pointed at a <see cref="FakeCloudApi"/> on 127.0.0.1.</summary>
public sealed class WhatsAppHarness : IAsyncDisposable
{
    public const string PublishKey = "wa-cms-key";

    private WhatsAppHarness(FakeCloudApi fake, HumasAppFactory app)
    {
        Fake = fake;
        App = app;
        Http = app.Client();
    }

    public FakeCloudApi Fake { get; }
    public HumasAppFactory App { get; }
    public HttpClient Http { get; }

    public static async Task<WhatsAppHarness> StartAsync(
        Dictionary<string, string?>? settings = null, int perSecond = 80, bool kestrel = false, Action<IServiceCollection>? services = null,
        DatabaseKind database = DatabaseKind.Sqlite)
    {
        var fake = await FakeCloudApi.StartAsync(perSecond: perSecond);
        var all = fake.Settings();
        all["Publishing:ApiKeys:0"] = PublishKey;
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var app = new HumasAppFactory(all, services, database);
        if (kestrel)
        {
            app.OnKestrel();
        }

        _ = app.Services;
        return new WhatsAppHarness(fake, app);
    }

    public HumasDbContext Db() => App.CreateDbContext();

    public async Task<HttpStatusCode> PostAsync(JsonNode body)
    {
        using var request = Fake.Webhook(body);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Posts and waits until the worker has handled everything stored.</summary>
    public async Task PostHandledAsync(JsonNode body)
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(body));
        await WaitForAsync(async () =>
        {
            await using var db = Db();
            return await db.Set<WhatsAppInboxItem>().AnyAsync(i => i.ProcessedAt == null) ? null : "";
        }, "the inbox handled");
    }

    public Task<WaSend> WaitForSendAsync(string waId, Func<WaSend, bool> match, string what) =>
        WaitForAsync(() => Task.FromResult(Fake.SendsTo(waId).FirstOrDefault(s => s.Status == 200 && match(s))), what);

    public async Task<string> PublishAsync(string slug = "rakor")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new
            {
                institution = "setneg",
                title = "Menguatkan Peran Kehumasan, Kemensetneg Mengadakan Rakor Kontributor Berita " + slug,
                url = "https://www.setneg.go.id/baca/index/" + slug,
                summary = "Rakor Kontributor Berita dibuka oleh Asdep Humas, Masrokhan (" + slug + ").",
                imageUrl = "https://www.setneg.go.id/images/rakor.jpg",
                publishedAt = "2017-07-14T09:00:00+07:00",
            }),
        };
        request.Headers.Add("X-Api-Key", PublishKey);
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<int[]> CountsAsync(string articleId)
    {
        var tally = await Http.GetFromJsonAsync<JsonElement>($"/api/articles/{articleId}/reactions");
        return tally.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("count").GetInt32()).ToArray();
    }

    /// <summary>Waits for a condition, not a clock: generous, because the suite runs on a loaded 2-core machine.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> find, string what, int seconds = 90)
        where T : class
    {
        T? found = null;
        await Eventually.UntilAsync(async () => (found = await find()) is not null, what, TimeSpan.FromSeconds(seconds));
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
