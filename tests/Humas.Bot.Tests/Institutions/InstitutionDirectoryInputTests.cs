using Humas.Bot.Institutions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Institutions;

/// <summary>
/// What a hostile client types into the institution search: control characters (a NUL, which PostgreSQL refuses in
/// text) are spaces, so a search or a lookup answers "nothing found" instead of failing in the database.
/// </summary>
public abstract class InstitutionDirectoryInputTests(DatabaseKind kind)
{
    [Fact]
    public async Task A_nul_or_other_control_character_in_a_search_or_lookup_finds_nothing_or_the_plain_words()
    {
        using var database = new TestDatabase(kind: kind);
        await using (var db = database.CreateDbContext())
        {
            await AdminSeed.InstitutionsAsync(db, "kemensos");
        }

        var directory = new InstitutionDirectory(database);

        Assert.Equal("instansi kemensos", InstitutionDirectory.Normalize("Instansi\0kemensos\u0007"));
        Assert.Equal(["kemensos"], (await directory.PageAsync("instansi\0kemen", 0, 8, includeDisabled: false, default)).Items.Select(i => i.Id));
        Assert.Equal(1, (await directory.PageAsync("\0\0", 0, 8, includeDisabled: false, default)).Total);
        Assert.Null(await directory.FindAsync("kemensos\0", includeDisabled: false, default));
        Assert.NotNull(await directory.FindAsync("KEMENSOS", includeDisabled: false, default));
    }
}

public sealed class InstitutionDirectoryInputTestsOnSqlite() : InstitutionDirectoryInputTests(DatabaseKind.Sqlite);

public sealed class InstitutionDirectoryInputTestsOnPostgres() : InstitutionDirectoryInputTests(DatabaseKind.Postgres);
