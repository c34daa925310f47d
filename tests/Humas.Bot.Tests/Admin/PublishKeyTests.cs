using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Humas.Bot.Admin.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

/// <summary>Publish API keys made in the dashboard: shown once, stored hashed, accepted by POST /api/articles until revoked.</summary>
public sealed partial class PublishKeyTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static object Article(string slug) => new
    {
        institution = "setneg", title = "Pelatihan Kehumasan", url = $"https://www.setneg.go.id/baca/index/{slug}", summary = "Ringkasan.",
    };

    private async Task<HttpResponseMessage> PublishAsync(string? key, string slug)
    {
        using var api = _h.App.CreateClient();
        if (key is not null)
        {
            api.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return await api.PostAsJsonAsync("/api/articles", Article(slug));
    }

    [Fact]
    public async Task A_dashboard_key_publishes_until_it_is_revoked()
    {
        var client = await _h.SignedInAsync("admin@setneg.go.id", AdminRole.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await PublishAsync("anything", "off")).StatusCode); // no key anywhere: the API is off

        var created = await AdminHarness.PostFormAsync(client, "/admin/pengguna", "/admin/pengguna?handler=CreateKey", new() { ["name"] = "CMS setneg.go.id" });
        var html = await created.Content.ReadAsStringAsync();
        var key = KeyPattern().Match(html).Groups[1].Value;
        Assert.StartsWith("hb_", key, StringComparison.Ordinal);
        Assert.DoesNotContain(key, await client.GetStringAsync("/admin/pengguna"), StringComparison.Ordinal); // shown once
        await using (var db = _h.App.CreateDbContext())
        {
            var row = await db.Set<PublishApiKey>().SingleAsync();
            Assert.NotEqual(key, row.KeyHash);
            Assert.Equal(key[..10], row.Prefix);
        }

        Assert.Equal(HttpStatusCode.Created, (await PublishAsync(key, "satu")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PublishAsync(key + "x", "dua")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PublishAsync(null, "dua")).StatusCode);

        long id;
        await using (var db = _h.App.CreateDbContext())
        {
            id = (await db.Set<PublishApiKey>().SingleAsync()).Id;
        }

        var revoked = await AdminHarness.PostFormAsync(client, "/admin/pengguna", "/admin/pengguna?handler=RevokeKey", new() { ["id"] = id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PublishAsync(key, "tiga")).StatusCode); // the only key is gone: off again
    }

    [Fact]
    public async Task Configured_keys_keep_working_beside_dashboard_keys_and_a_revoked_one_is_401()
    {
        using var h = new AdminHarness(new() { ["Publishing:ApiKeys:0"] = "dari-konfigurasi" });
        var keys = h.App.Services.GetRequiredService<PublishKeys>();
        var made = await keys.CreateAsync("CMS", "admin@setneg.go.id", default);
        await keys.RevokeAsync(made.Id, "admin@setneg.go.id", default);
        using var api = h.App.CreateClient();

        api.DefaultRequestHeaders.Add("X-Api-Key", "dari-konfigurasi");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/articles", Article("konfig"))).StatusCode);
        api.DefaultRequestHeaders.Remove("X-Api-Key");
        api.DefaultRequestHeaders.Add("X-Api-Key", made.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsJsonAsync("/api/articles", Article("dicabut"))).StatusCode);
    }

    [Fact]
    public async Task An_editor_cannot_make_keys()
    {
        var client = await _h.SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor);

        var response = await client.GetAsync("/admin/pengguna");

        Assert.StartsWith("/admin/ditolak", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        await using var db = _h.App.CreateDbContext();
        Assert.Empty(await db.Set<PublishApiKey>().ToListAsync());
    }

    [GeneratedRegex("<code id=\"new-api-key\">([^<]+)</code>")]
    private static partial Regex KeyPattern();
}
