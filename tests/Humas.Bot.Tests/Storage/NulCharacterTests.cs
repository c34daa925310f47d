using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Storage;

/// <summary>PostgreSQL refuses U+0000 in text; the service's contexts remove it on both databases.</summary>
public abstract class NulCharacterTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task Text_with_a_NUL_character_is_stored_without_it()
    {
        using var app = new HumasAppFactory(database: databaseKind);
        var factory = app.Services.GetRequiredService<IDbContextFactory<Humas.Bot.Storage.HumasDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Add(new Conversation { Channel = "teams", ExternalId = "a:nul", Title = "Grup\0Humas", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal("GrupHumas", (await check.Set<Conversation>().SingleAsync()).Title);
    }
}

public sealed class NulCharacterTestsOnSqlite() : NulCharacterTests(DatabaseKind.Sqlite);

public sealed class NulCharacterTestsOnPostgres() : NulCharacterTests(DatabaseKind.Postgres);
