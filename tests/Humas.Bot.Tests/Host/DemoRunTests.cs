using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Host;

/// <summary>
/// The README's run command on a fresh machine: the real executable, its defaults, a new database. `dotnet run`
/// uses Properties/launchSettings.json, i.e. the Development environment; a published build runs in Production.
/// </summary>
public sealed class DemoRunTests
{
    [Fact]
    public void The_launch_profile_that_dotnet_run_uses_is_development()
    {
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "src", "Humas.Bot", "Properties", "launchSettings.json")));
        var profile = settings.RootElement.GetProperty("profiles").EnumerateObject().First().Value;

        Assert.Equal("Project", profile.GetProperty("commandName").GetString());
        Assert.Equal("Development", profile.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
    }

    [Fact]
    public async Task The_service_ingests_the_demo_articles_once_stops_cleanly_and_a_restart_ingests_nothing_twice()
    {
        using var database = new TestDatabase(migrate: false);
        var port = FreePort();
        var environment = Development(database);

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
            if (start == 1)
            {
                // The demo account is made beside the first poll, not before it: on a loaded machine the poll can win.
                await Eventually(() => Task.FromResult(service.StandardOutput.Contains("Demo: dashboard account created", StringComparison.Ordinal)), service);
            }

            service.Terminate();
            Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.DoesNotContain("Unhandled", service.StandardError, StringComparison.Ordinal);

            await using var check = database.CreateDbContext();
            Assert.Equal(5, await check.Set<Article>().CountAsync());
            Assert.Equal(5, await check.Set<ArticleEvent>().CountAsync(e => e.Kind == ArticleEventKind.Published));
            Assert.Contains(await check.Set<Article>().Select(a => a.Title).ToListAsync(), t => t.StartsWith("Menguatkan Peran Kehumasan", StringComparison.Ordinal));
            if (start == 1)
            {
                Assert.Contains("Demo: dashboard account created. Sign in at /admin with admin@demo.humas.go.id and password ", service.StandardOutput, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_production_run_reads_no_demo_feed_and_creates_no_account()
    {
        using var database = new TestDatabase(migrate: false);
        var port = FreePort();
        var environment = Production(database);

        using (var service = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], environment, database.Folder))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually(async () => (await http.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString() == "Healthy", service);
            service.Terminate();
            Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.DoesNotContain("Demo", service.StandardOutput, StringComparison.Ordinal);
        }

        await using var db = database.CreateDbContext();
        Assert.False(await db.Set<Source>().AnyAsync(s => s.Id == "demo"));
        Assert.Equal(0, await db.Set<Article>().CountAsync());
        Assert.Equal(0, await db.Set<Humas.Bot.Admin.Accounts.AdminUser>().CountAsync());
    }

    [Fact]
    public async Task With_demo_enabled_outside_development_the_demo_password_never_reaches_the_log()
    {
        using var database = new TestDatabase(migrate: false);
        var port = FreePort();
        var environment = Production(database);
        environment["Demo__Enabled"] = "true";

        using var service = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], environment, database.Folder);
        await Eventually(async () =>
        {
            await using var db = database.CreateDbContext();
            return await db.Set<Humas.Bot.Admin.Accounts.AdminUser>().AnyAsync() && await db.Set<Article>().CountAsync() == 5;
        }, service);
        await Eventually(() => Task.FromResult(service.StandardOutput.Contains("Demo: dashboard account admin@demo.humas.go.id created", StringComparison.Ordinal)), service);
        service.Terminate();
        await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain("and password", service.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("users set-password admin@demo.humas.go.id", service.StandardOutput, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Development(TestDatabase database) => new()
    {
        ["ConnectionStrings__Humas"] = database.ConnectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
    };

    private static Dictionary<string, string?> Production(TestDatabase database) => new()
    {
        ["ConnectionStrings__Humas"] = database.ConnectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

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
