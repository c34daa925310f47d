using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Polling;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Ingestion.Polling;

public sealed class SourcePollerTests
{
    [Fact]
    public async Task A_hanging_source_does_not_delay_the_others()
    {
        var release = new TaskCompletionSource();
        var fastServed = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/slow", async (HttpContext http) =>
            {
                await release.Task.WaitAsync(http.RequestAborted);
                http.Response.StatusCode = 304;
            });
            app.MapGet("/fast/{n}", (HttpContext http, int n) =>
            {
                fastServed.TrySetResult();
                http.Response.ContentType = "application/rss+xml";
                return $"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Berita {n}</title><link>https://kemensos.go.id/berita/{n}</link></item></channel></rss>""";
            });
        });
        using var database = new TestDatabase(migrate: false);
        var settings = new Dictionary<string, string?>
        {
            ["Sources:0:Id"] = "slow", ["Sources:0:Institution"] = "setneg", ["Sources:0:Url"] = server.Url("slow").ToString(),
            ["Ingestion:MaxConcurrentPolls"] = "4",
            ["Ingestion:TimeoutSeconds"] = "120",
        };
        for (var i = 1; i <= 3; i++)
        {
            settings[$"Sources:{i}:Id"] = $"fast-{i}";
            settings[$"Sources:{i}:Institution"] = "kemensos";
            // A different host name for the same loopback server, so per-host politeness does not serialise them.
            settings[$"Sources:{i}:Url"] = server.Url($"fast/{i}").ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        }

        await using var harness = await IngestionHarness.StartAsync(database, TimeProvider.System, settings);
        var poller = ActivatorUtilities.CreateInstance<SourcePoller>(harness);
        await poller.StartAsync(default);
        try
        {
            await fastServed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Eventually.UntilAsync(async () =>
            {
                await using var polled = harness.CreateDbContext();
                return await polled.Set<Source>().CountAsync(s => s.Id.StartsWith("fast") && s.LastSuccessAt != null) == 3;
            }, "the three fast sources polled");
            await using var db = harness.CreateDbContext();
            Assert.Null((await db.Set<Source>().SingleAsync(s => s.Id == "slow")).LastPolledAt);
        }
        finally
        {
            release.TrySetResult();
            await poller.StopAsync(default);
        }
    }
}
