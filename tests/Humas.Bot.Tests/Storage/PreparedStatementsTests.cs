using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Humas.Bot.Tests.Storage;

/// <summary>On PostgreSQL the service's statements that run again and again are prepared, unless the operator says otherwise.</summary>
public sealed class PreparedStatementsTests
{
    [Fact]
    public async Task A_statement_the_service_runs_again_and_again_is_prepared_on_its_connection()
    {
        using var app = new HumasAppFactory(database: DatabaseKind.Postgres);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<HumasDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 10; i++)
        {
            var externalId = "prepared-" + i;
            _ = await db.Set<Conversation>().AnyAsync(c => c.ExternalId == externalId);
        }

        var prepared = await db.Database.SqlQueryRaw<int>(
            """SELECT count(*)::int AS "Value" FROM pg_prepared_statements WHERE statement LIKE '%FROM "Conversations"%'""").SingleAsync();
        Assert.Equal(1, prepared);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=humas", StorageRegistration.DefaultMaxAutoPrepare)]
    [InlineData("Host=127.0.0.1;Database=humas;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Database=humas;MaxAutoPrepare=8", 8)]
    [InlineData("Host=127.0.0.1;Database=humas;max auto prepare=200", 200)]
    public void The_operators_own_Max_Auto_Prepare_wins_over_the_default(string connectionString, int expected)
    {
        var prepared = new NpgsqlConnectionStringBuilder(StorageRegistration.PreparePostgres(connectionString));

        Assert.Equal(expected, prepared.MaxAutoPrepare);
        Assert.Equal("humas", prepared.Database);
    }
}
