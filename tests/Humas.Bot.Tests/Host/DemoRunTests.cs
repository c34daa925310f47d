using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Host;

/// <summary>The README's run command on a fresh machine: the real executable, its defaults, a new database.</summary>
public sealed class DemoRunTests
{
    [Fact]
    public async Task The_service_ingests_the_demo_articles_once_stops_cleanly_and_a_restart_ingests_nothing_twice()
    {
        using var database = new TestDatabase(migrate: false);
        var port = FreePort();
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Humas"] = database.ConnectionString };

        for (var start = 1; start <= 2; start++)
        {
            using var service = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], environment, database.Folder);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually(async () =>
            {
                var health = await http.GetFromJsonAsync<JsonElement>("/healthz");
                return health.GetProperty("status").GetString() == "Healthy";
            }, service);
            await Eventually(async () =>
            {
                await using var db = database.CreateDbContext();
                return await db.Set<Source>().AnyAsync(s => s.Id == "demo" && s.LastPolledAt != null);
            }, service);

            service.Terminate();
            Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.DoesNotContain("Unhandled", service.StandardError, StringComparison.Ordinal);

            await using var check = database.CreateDbContext();
            Assert.Equal(5, await check.Set<Article>().CountAsync());
            Assert.Equal(5, await check.Set<ArticleEvent>().CountAsync(e => e.Kind == ArticleEventKind.Published));
            Assert.Contains(await check.Set<Article>().Select(a => a.Title).ToListAsync(), t => t.StartsWith("Menguatkan Peran Kehumasan", StringComparison.Ordinal));
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Eventually(Func<Task<bool>> condition, ServiceProcess service)
    {
        for (var i = 0; i < 600; i++)
        {
            Assert.False(service.HasExited, "the service exited early: " + service.StandardError);
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or Microsoft.Data.Sqlite.SqliteException)
            {
                // Not listening or not migrated yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail("the service did not get there within 60 s: " + service.StandardOutput);
    }
}
