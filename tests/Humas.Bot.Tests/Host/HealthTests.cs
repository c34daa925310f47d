using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Host;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_answers_200_with_json_when_the_database_answers()
    {
        using var app = new HumasAppFactory();

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("database", body.GetProperty("checks")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Healthz_answers_503_when_the_database_cannot_be_opened()
    {
        using var app = new HumasAppFactory();
        using var client = app.CreateClient();
        // The database file disappears while the service runs, and nothing can be opened in its place.
        await using (var db = app.CreateDbContext())
        {
            var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            // The poller may recreate the file between the delete and the mkdir: try until the folder wins.
            for (var attempt = 0; !Directory.Exists(path) && attempt < 50; attempt++)
            {
                SqliteConnection.ClearAllPools();
                foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!))
                {
                    File.Delete(file);
                }

                try
                {
                    Directory.CreateDirectory(path);
                }
                catch (IOException)
                {
                    await Task.Delay(20);
                }
            }
        }

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
