using System.Net;
using Humas.Bot.Admin.Sources;
using Humas.Bot.FakePlatforms.Processes;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Ingestion.Fetching;

/// <summary>
/// Server-side request forgery: whatever URL arrives from outside (a source, a redirect, a listing's link),
/// the service connects only to public addresses unless Ingestion:AllowPrivateNetworks says otherwise.
/// </summary>
public sealed class PrivateNetworkTests
{
    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.3.4")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("224.0.0.251")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:c0a8:0101::1")]
    public void Internal_addresses_are_not_public(string address) =>
        Assert.False(PublicNetworkGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("103.3.62.1")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void Internet_addresses_are_public(string address) =>
        Assert.True(PublicNetworkGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_feed_on_a_loopback_address_or_a_name_resolving_to_one_is_refused_before_any_request(string host)
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Text("<rss/>", "application/xml");
        }));
        using var client = new HttpClient(HttpSourceFetcher.ConfigurePrimaryHandler(() => false));
        var url = new UriBuilder(server.Url("feed")) { Host = host }.Uri;

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.Matches(@"^address (127\.0\.0\.1|::1) is not allowed", error.Message);
        Assert.Contains("Ingestion:AllowPrivateNetworks", error.Message, StringComparison.Ordinal);
        Assert.True(error.Permanent);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task Every_redirect_hop_is_checked_where_it_connects()
    {
        var internalRequests = 0;
        await using var inside = await LoopbackServer.StartAsync(app => app.MapGet("/latest/meta-data", () =>
        {
            Interlocked.Increment(ref internalRequests);
            return "secret";
        }));
        await using var outside = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Redirect(inside.Url("latest/meta-data").ToString())));
        // The first connection stands for the public feed host; every later one must be public on its own.
        var connections = 0;
        using var client = new HttpClient(HttpSourceFetcher.ConfigurePrimaryHandler(() => Interlocked.Increment(ref connections) == 1));

        var error = await Assert.ThrowsAsync<FetchException>(() => TestFetchers.Create(client).FetchAsync(new FetchRequest(outside.Url("feed")), CancellationToken.None));

        Assert.StartsWith("address 127.0.0.1 is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, internalRequests);
    }

    [Fact]
    public async Task A_polled_source_on_a_private_address_shows_the_refusal_in_its_health()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () => Results.Text("<rss/>", "application/xml")));
        using var database = new TestDatabase();
        await using var harness = await IngestionHarness.StartAsync(database, TimeProvider.System, new()
        {
            ["Sources:0:Id"] = "intranet",
            ["Sources:0:Institution"] = "setneg",
            ["Sources:0:Url"] = server.Url("feed").ToString(),
            ["Ingestion:AllowPrivateNetworks"] = "false",
        });

        await harness.Job.RunAsync("intranet", CancellationToken.None);

        await using var db = harness.CreateDbContext();
        var source = await db.Set<Source>().SingleAsync(s => s.Id == "intranet");
        Assert.StartsWith("address 127.0.0.1 is not allowed", source.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_url_reads_nothing_unless_the_source_is_configured()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Demo", "berita-humas.xml");
        using var client = new HttpClient(HttpSourceFetcher.ConfigurePrimaryHandler(() => false));
        var fetcher = TestFetchers.Create(client);

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new FetchRequest(new Uri(path)), CancellationToken.None));
        var configured = await fetcher.FetchAsync(new FetchRequest(new Uri(path), AllowFile: true), CancellationToken.None);

        Assert.Contains("file: URLs are allowed only for sources in the configuration", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(configured.Body);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("file:Demo/berita-humas.xml")]
    public void The_dashboard_form_refuses_file_urls(string url)
    {
        var errors = DashboardSources.Validate(new SourceForm { Id = "lokal", Institution = "setneg", Url = url });

        Assert.Equal("admin.sources.error.url", errors[nameof(SourceForm.Url)]);
    }

    [Fact]
    public async Task Sources_check_refuses_a_private_address_in_one_line_with_exit_code_1()
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/feed", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Text("<rss/>", "application/xml");
        }));
        using var database = new TestDatabase(migrate: false);

        var (code, _, stderr) = await ServiceProcess.RunAsync(["sources", "check", server.Url("feed").ToString()],
            new Dictionary<string, string?> { ["ConnectionStrings__Humas"] = database.ConnectionString }, database.Folder, TimeSpan.FromMinutes(3));

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("address 127.0.0.1 is not allowed", line, StringComparison.Ordinal);
        Assert.Equal(0, requests);
    }
}
