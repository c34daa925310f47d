using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Channels.Web;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Humas.Bot.Tests.Host;

/// <summary>
/// The service behind a reverse proxy (here: the test, on 127.0.0.1, is the proxy): X-Forwarded-For and
/// X-Forwarded-Proto count only from ForwardedHeaders:KnownProxies/KnownNetworks, and then every per-IP limit,
/// the cookie's Secure flag and /healthz's "local caller" see the client, not the proxy.
/// </summary>
public sealed class BehindProxyTests
{
    private static readonly Dictionary<string, string?> TrustLoopbackProxy = new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" };

    private static Dictionary<string, string?> With(Dictionary<string, string?> a, Dictionary<string, string?>? b = null) =>
        new[] { a, b ?? [] }.SelectMany(d => d).ToDictionary(p => p.Key, p => p.Value);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? clientIp, HttpContent? content = null, string? visitor = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (clientIp is not null)
        {
            request.Headers.Add("X-Forwarded-For", clientIp);
        }

        if (visitor is not null)
        {
            request.Headers.Add("X-Humas-Visitor", visitor);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> VisitorAsync(HttpClient client, string ip)
    {
        var response = await SendAsync(client, HttpMethod.Post, "api/visitors", ip);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitorId").GetString()!;
    }

    [Fact]
    public async Task Without_configured_proxies_x_forwarded_for_is_not_believed()
    {
        using var server = new LiveServer(new() { ["Web:VisitorsPerHourPerIp"] = "2" });
        using var client = server.CreateClient();
        await VisitorAsync(client, "203.0.113.1");
        await VisitorAsync(client, "203.0.113.2");

        var third = await SendAsync(client, HttpMethod.Post, "api/visitors", "203.0.113.3");

        // Everyone is 127.0.0.1 whatever the header says: a client cannot pick its own address.
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_per_ip_limits_use_the_clients_address()
    {
        using var server = new LiveServer(With(TrustLoopbackProxy, new() { ["Web:VisitorsPerHourPerIp"] = "2" }));
        using var client = server.CreateClient();
        await VisitorAsync(client, "203.0.113.1");
        await VisitorAsync(client, "203.0.113.1");

        var sameClient = await SendAsync(client, HttpMethod.Post, "api/visitors", "203.0.113.1");
        var otherClient = await SendAsync(client, HttpMethod.Post, "api/visitors", "198.51.100.7");
        // A spoofed entry before the client's own is not believed past the first untrusted hop.
        var spoofed = await SendAsync(client, HttpMethod.Post, "api/visitors", "192.0.2.99, 203.0.113.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.True(sameClient.Headers.RetryAfter!.Delta!.Value.TotalMinutes > 1);
        Assert.Equal("application/problem+json", sameClient.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
    }

    [Fact]
    public async Task Sign_in_failures_of_one_client_do_not_lock_out_another_behind_the_same_proxy()
    {
        using var server = new LiveServer(TrustLoopbackProxy);
        await server.Services.GetRequiredService<AdminAccounts>().AddAsync("editor@kominfo.go.id", AdminRole.Editor, AdminHarness.Password, default);
        using var guesser = server.CreateClient();
        for (var i = 0; i < SignInThrottle.MaxFailuresPerIp; i++)
        {
            var failed = await SignInAsync(guesser, $"tebak{i}@kominfo.go.id", "salah-salah-salah", "203.0.113.66");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var guesserAgain = await SignInAsync(guesser, "editor@kominfo.go.id", AdminHarness.Password, "203.0.113.66");
        using var editor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var editorSignsIn = await SignInAsync(editor, "editor@kominfo.go.id", AdminHarness.Password, "198.51.100.20");

        Assert.Equal(HttpStatusCode.TooManyRequests, guesserAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, editorSignsIn.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_secure_when_the_browser_used_https_at_the_proxy()
    {
        using var server = new LiveServer(TrustLoopbackProxy);
        await server.Services.GetRequiredService<AdminAccounts>().AddAsync("editor@kominfo.go.id", AdminRole.Editor, AdminHarness.Password, default);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };

        using var page = new HttpRequestMessage(HttpMethod.Get, "admin/masuk");
        page.Headers.Add("X-Forwarded-Proto", "https");
        page.Headers.Add("X-Forwarded-For", "203.0.113.5");
        var form = await client.SendAsync(page);
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("humas_admin_af=", StringComparison.Ordinal));
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"|name=\"__af\" value=\"([^\"]+)\"");
        using var post = new HttpRequestMessage(HttpMethod.Post, "admin/masuk")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "editor@kominfo.go.id", ["password"] = AdminHarness.Password,
                ["__af"] = WebUtility.HtmlDecode(token.Groups[1].Success ? token.Groups[1].Value : token.Groups[2].Value),
            }),
        };
        post.Headers.Add("X-Forwarded-Proto", "https");
        post.Headers.Add("X-Forwarded-For", "203.0.113.5");
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("humas_admin=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Votes_on_one_article_are_capped_per_address_and_per_ipv6_64()
    {
        using var server = new LiveServer(With(TrustLoopbackProxy, new()
        {
            ["Web:VotesPerArticlePerIp"] = "2", ["Web:VisitorMinAgeSeconds"] = "0", ["Web:VisitorKey"] = WebHost.VisitorKey, ["Publishing:ApiKeys:0"] = WebHost.ApiKey,
        }));
        using var client = server.CreateClient();
        var article = await PublishAsync(client);
        var other = await PublishAsync(client);
        async Task<HttpStatusCode> Vote(Guid id, string ip) =>
            (await SendAsync(client, HttpMethod.Post, $"api/articles/{id}/reactions", ip, JsonContent.Create(new { optionId = 1 }), await VisitorAsync(client, ip))).StatusCode;

        Assert.Equal(HttpStatusCode.OK, await Vote(article, "2001:db8:1:1::1"));
        Assert.Equal(HttpStatusCode.OK, await Vote(article, "2001:db8:1:1::2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Vote(article, "2001:db8:1:1:ffff::3"));   // same /64
        Assert.Equal(HttpStatusCode.OK, await Vote(article, "2001:db8:1:2::1"));                    // the next /64
        Assert.Equal(HttpStatusCode.OK, await Vote(other, "2001:db8:1:1::4"));                       // another article
        Assert.Equal(HttpStatusCode.OK, await Vote(article, "203.0.113.8"));
        Assert.Equal(HttpStatusCode.OK, await Vote(article, "203.0.113.8"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Vote(article, "203.0.113.8"));

        // The chat's reaction buttons count against the same cap.
        var chatVisitor = await VisitorAsync(client, "203.0.113.8");
        var chat = await SendAsync(client, HttpMethod.Post, "chat/api/react", "203.0.113.8",
            JsonContent.Create(new { articleId = article.ToString(), optionId = 2 }), chatVisitor);
        Assert.Equal(HttpStatusCode.TooManyRequests, chat.StatusCode);
    }

    [Fact]
    public async Task Chat_event_streams_are_bounded_per_visitor_and_per_address()
    {
        using var server = new LiveServer(With(TrustLoopbackProxy, new() { ["Web:StreamsPerVisitor"] = "1", ["Web:StreamsPerIp"] = "2" }));
        using var client = server.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        var first = await VisitorAsync(client, "203.0.113.10");
        var second = await VisitorAsync(client, "203.0.113.10");
        var third = await VisitorAsync(client, "203.0.113.10");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        async Task<HttpResponseMessage> Open(string visitor, string ip)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "chat/api/events");
            request.Headers.Add("X-Humas-Visitor", visitor);
            request.Headers.Add("X-Forwarded-For", ip);
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        }

        using var open1 = await Open(first, "203.0.113.10");
        using var sameVisitor = await Open(first, "203.0.113.11");
        using var open2 = await Open(second, "203.0.113.10");
        using var sameAddress = await Open(third, "203.0.113.10");
        using var elsewhere = await Open(third, "198.51.100.10");

        Assert.Equal(HttpStatusCode.OK, open1.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameVisitor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open2.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);

        // Closing a stream gives its place back.
        open1.Dispose();
        await Eventually.UntilAsync(async () =>
        {
            using var again = await Open(first, "203.0.113.12");
            return again.StatusCode == HttpStatusCode.OK;
        }, "the closed stream's place to be free");
    }

    [Fact]
    public async Task Healthz_shows_exception_text_only_to_callers_on_this_machine()
    {
        using var server = new LiveServer(TrustLoopbackProxy, services => services.AddHealthChecks()
            .AddCheck("secret", () => HealthCheckResult.Unhealthy("down", new InvalidOperationException("Host=db.internal;Password=hunter2"))));
        using var client = server.CreateClient();

        var local = await (await SendAsync(client, HttpMethod.Get, "healthz", null)).Content.ReadAsStringAsync();
        var remote = await (await SendAsync(client, HttpMethod.Get, "healthz", "203.0.113.50")).Content.ReadAsStringAsync();

        Assert.Contains("hunter2", local, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", remote, StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", remote, StringComparison.Ordinal);
        Assert.Contains("Unhealthy", remote, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string ip)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "admin/masuk");
        page.Headers.Add("X-Forwarded-For", ip);
        var html = await (await client.SendAsync(page)).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"|name=\"__af\" value=\"([^\"]+)\"");
        using var post = new HttpRequestMessage(HttpMethod.Post, "admin/masuk")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email, ["password"] = password,
                ["__af"] = WebUtility.HtmlDecode(token.Groups[1].Success ? token.Groups[1].Value : token.Groups[2].Value),
            }),
        };
        post.Headers.Add("X-Forwarded-For", ip);
        return await client.SendAsync(post);
    }

    private static async Task<Guid> PublishAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/articles")
        {
            Content = JsonContent.Create(new { institution = "setneg", title = "Rakor " + Guid.NewGuid().ToString("N"), url = $"https://www.setneg.go.id/baca/{Guid.NewGuid():N}", publishedAt = DateTimeOffset.UtcNow }),
        };
        request.Headers.Add("X-Api-Key", WebHost.ApiKey);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }
}
