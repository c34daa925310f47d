using System.Diagnostics;
using System.IO.Compression;
using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.Tests.Ingestion.Fetching;

public sealed class HttpSourceFetcherTests : IDisposable
{
    private const string LastModified = "Fri, 14 Jul 2017 03:00:00 GMT";
    private static readonly byte[] Feed = Fixture.Bytes("Feeds/rss2-setneg.xml");

    // Built exactly as the host will build it, so the tests also cover the handler settings.
    private readonly HttpClient client = new(HttpSourceFetcher.ConfigurePrimaryHandler(() => true));

    public void Dispose() => client.Dispose();

    private static Task ServeFeed(HttpContext context)
    {
        context.Response.Headers.ETag = "\"v1\"";
        context.Response.Headers.LastModified = LastModified;
        context.Response.Headers.CacheControl = "public, max-age=600";
        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        return context.Response.Body.WriteAsync(Feed).AsTask();
    }

    [Fact]
    public async Task A_feed_is_read_with_its_validators_content_type_and_max_age()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", ServeFeed));

        var result = await TestFetchers.Create(client).FetchAsync(new FetchRequest(server.Url("feed")), CancellationToken.None);

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(Feed, result.Body);
        Assert.Equal("\"v1\"", result.ETag);
        Assert.Equal(LastModified, result.LastModified);
        Assert.Equal(TimeSpan.FromMinutes(10), result.MaxAge);
        Assert.Equal("application/rss+xml; charset=utf-8", result.ContentType);
        Assert.Equal(server.Url("feed"), result.FinalUrl);
        Assert.Null(result.MovedPermanentlyTo);
    }

    [Fact]
    public async Task The_configured_user_agent_is_sent_and_no_validators_without_them()
    {
        string? userAgent = null;
        var conditional = true;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            userAgent = context.Request.Headers.UserAgent;
            conditional = context.Request.Headers.ContainsKey("If-None-Match") || context.Request.Headers.ContainsKey("If-Modified-Since");
            return ServeFeed(context);
        }));

        await TestFetchers.Create(client, userAgent: "HumasBot/9.9 (+https://humas.example)").FetchAsync(new FetchRequest(server.Url("feed")), CancellationToken.None);

        Assert.Equal("HumasBot/9.9 (+https://humas.example)", userAgent);
        Assert.False(conditional);
    }

    [Fact]
    public async Task A_conditional_get_sends_the_validators_and_304_yields_not_modified()
    {
        string? ifNoneMatch = null;
        string? ifModifiedSince = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            ifNoneMatch = context.Request.Headers.IfNoneMatch;
            ifModifiedSince = context.Request.Headers.IfModifiedSince;
            if (ifNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            return ServeFeed(context);
        }));

        var result = await TestFetchers.Create(client).FetchAsync(new FetchRequest(server.Url("feed"), "\"v1\"", LastModified), CancellationToken.None);

        Assert.Equal("\"v1\"", ifNoneMatch);
        Assert.Equal(LastModified, ifModifiedSince);
        Assert.Equal(FetchStatus.NotModified, result.Status);
        Assert.Empty(result.Body);
        Assert.Equal("\"v1\"", result.ETag);
        Assert.Equal(LastModified, result.LastModified);
    }

    [Fact]
    public async Task A_permanent_redirect_reports_the_new_url()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/rss", () => Results.Redirect("/feed/v2", permanent: true));
            app.MapGet("/feed/v2", () => Results.Redirect("v3", permanent: true, preserveMethod: true));
            app.MapGet("/feed/v3", ServeFeed);
        });

        var result = await TestFetchers.Create(client).FetchAsync(new FetchRequest(server.Url("rss")), CancellationToken.None);

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(server.Url("feed/v3"), result.FinalUrl);
        Assert.Equal(server.Url("feed/v3"), result.MovedPermanentlyTo);
        Assert.Equal(Feed, result.Body);
    }

    [Fact]
    public async Task A_temporary_redirect_on_the_way_is_not_reported_as_a_move()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/rss", () => Results.Redirect("/campaign", permanent: true));
            app.MapGet("/campaign", () => Results.Redirect("/feed", permanent: false));
            app.MapGet("/feed", ServeFeed);
        });

        var result = await TestFetchers.Create(client).FetchAsync(new FetchRequest(server.Url("rss")), CancellationToken.None);

        Assert.Equal(server.Url("feed"), result.FinalUrl);
        Assert.Null(result.MovedPermanentlyTo);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public async Task Up_to_five_redirects_are_followed(int redirects, bool succeeds)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/hop/{n:int}", (HttpContext context, int n) =>
            n < redirects ? Results.Redirect($"/hop/{n + 1}") : Results.Text("<rss/>", "application/xml")));
        var fetcher = TestFetchers.Create(client);

        var fetch = () => fetcher.FetchAsync(new FetchRequest(server.Url("hop/0")), CancellationToken.None);

        if (succeeds)
        {
            Assert.Equal(server.Url($"hop/{redirects}"), (await fetch()).FinalUrl);
        }
        else
        {
            var error = await Assert.ThrowsAsync<FetchException>(fetch);
            Assert.Contains("too many redirects", error.Message);
        }
    }

    [Theory]
    [InlineData(404, true)]
    [InlineData(410, true)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    [InlineData(429, false)]
    public async Task Gone_or_missing_is_permanent_and_server_trouble_is_transient(int status, bool permanent)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.StatusCode(status)));

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(server.Url("feed")), CancellationToken.None));

        Assert.Equal(permanent, error.Permanent);
        Assert.StartsWith($"HTTP {status} ", error.Message);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_fails_as_a_fetch_exception()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            return "<rss/>";
        }));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client, timeoutSeconds: 1).FetchAsync(new FetchRequest(server.Url("slow")), CancellationToken.None));

        Assert.Contains("timed out after 1 s", error.Message);
        Assert.False(error.Permanent);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_a_cancellation()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            return "<rss/>";
        }));
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(server.Url("slow")), caller.Token));
    }

    [Fact]
    public async Task A_50_MB_streamed_body_is_cut_at_the_cap_without_reading_it_all()
    {
        const long total = 50L * 1024 * 1024;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/huge", async (HttpContext context) =>
        {
            // No Content-Length: the fetcher only finds out by reading.
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            try
            {
                for (long written = 0; written < total; written += chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // The client hung up, which is what this test wants.
            }
        }));
        var counting = new CountingHandler(HttpSourceFetcher.ConfigurePrimaryHandler(() => true));
        using var countingClient = new HttpClient(counting);

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(countingClient).FetchAsync(new FetchRequest(server.Url("huge")), CancellationToken.None));

        Assert.Equal("response is larger than the 5 MB cap", error.Message);
        Assert.True(error.Permanent);
        // One byte past the cap proves the body is too large; nothing after it is read.
        Assert.Equal(5L * 1024 * 1024 + 1, counting.BodyBytesRead);
    }

    [Fact]
    public async Task A_declared_content_length_over_the_cap_is_refused_before_reading()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/huge", async (HttpContext context) =>
        {
            context.Response.ContentLength = 50L * 1024 * 1024;
            await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        }));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(server.Url("huge")), CancellationToken.None));

        Assert.Equal("response is larger than the 5 MB cap", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_compressed_body_is_capped_on_its_decompressed_size()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(new byte[3 * 1024 * 1024]);
        }

        var bomb = compressed.ToArray();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/bomb", (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return context.Response.Body.WriteAsync(bomb).AsTask();
        }));

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client, maxBytes: 1024 * 1024).FetchAsync(new FetchRequest(server.Url("bomb")), CancellationToken.None));

        Assert.True(bomb.Length < 1024 * 1024);
        Assert.Equal("response is larger than the 1 MB cap", error.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_fetch_exception()
    {
        Uri url;
        await using (var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", ServeFeed)))
        {
            url = server.Url("feed");
        }

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.StartsWith($"request to {url} failed", error.Message);
    }

    [Fact]
    public async Task Another_scheme_is_refused()
    {
        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(new Uri("ftp://ftp.setneg.go.id/feed.xml")), CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("unsupported URL scheme 'ftp:'", error.Message);
    }
}
