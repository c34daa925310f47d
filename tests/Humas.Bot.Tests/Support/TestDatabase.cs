using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Humas.Bot.Tests.Support;

/// <summary>A real SQLite file in its own temp folder, migrated like the service does, deleted after the test.</summary>
public sealed class TestDatabase : IDbContextFactory<HumasDbContext>, IDisposable
{
    public TestDatabase(bool migrate = true)
    {
        Folder = Directory.CreateTempSubdirectory("humas-test-").FullName;
        ConnectionString = $"Data Source={Path.Combine(Folder, "humas.db")};Default Timeout=30;Pooling=False";
        if (migrate)
        {
            using var db = CreateDbContext();
            db.Database.Migrate();
        }
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public HumasDbContext CreateDbContext() => new(Options(ConnectionString));

    public static DbContextOptions<HumasDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<HumasDbContext>()
            .UseSqlite(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow CI machine; the temp folder is cleaned by the OS later.
        }
    }
}
