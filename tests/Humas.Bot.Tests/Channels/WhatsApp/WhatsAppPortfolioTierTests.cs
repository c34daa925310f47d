using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>
/// The messaging tier is a business portfolio's (<c>Institutions:N:WhatsApp:Portfolio</c>, <c>:MessagingTier</c>): each
/// portfolio fills its own tier, numbers naming one portfolio share it, a reader reached by two portfolios takes a slot
/// in each, and the rows counted before portfolios existed are the national portfolio's. On a real SQLite file and on
/// the PostgreSQL server the tests start.
/// </summary>
public abstract class WhatsAppPortfolioTierTests(DatabaseKind kind) : IDisposable
{
    /// <summary>The last migration before the count was kept per portfolio.</summary>
    private const string BeforePortfolios = "20261206015239_WhatsAppInboxAccounts";

    private static readonly DateTime Now = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new(kind: kind);
    private readonly SqliteWriteGate _gate = new();
    private readonly FakeTimeProvider _clock = new(Now);

    public void Dispose() => _database.Dispose();

    private static WhatsAppNumber Number(string account, string portfolio, int tier) =>
        new(account, "10000000000000" + account.Length, "token") { Portfolio = portfolio, MessagingTier = tier };

    private static readonly WhatsAppNumber National = Number("", WhatsAppNumber.NationalPortfolio, 2);

    private WhatsAppMessagingTier Tier() => new(_database, _gate, _clock);

    [Fact]
    public async Task Two_portfolios_each_fill_their_own_tier_and_a_reader_takes_a_slot_in_each()
    {
        var tier = Tier();
        var kemensos = Number("kemensos", "kemensos", 3);

        await tier.ClaimAsync(National, "62811000001", CancellationToken.None);
        await tier.ClaimAsync(National, "62811000002", CancellationToken.None);
        await Assert.ThrowsAsync<WhatsAppTierFullException>(() => tier.ClaimAsync(National, "62811000003", CancellationToken.None));

        // The national portfolio is full; kemensos's is not, and the readers the national number reached take its slots too.
        await tier.ClaimAsync(kemensos, "62811000001", CancellationToken.None);
        await tier.ClaimAsync(kemensos, "62811000002", CancellationToken.None);
        await tier.ClaimAsync(kemensos, "62811000003", CancellationToken.None);
        var full = await Assert.ThrowsAsync<WhatsAppTierFullException>(() => tier.ClaimAsync(kemensos, "62811000004", CancellationToken.None));
        Assert.Contains("portfolio 'kemensos'", full.Message, StringComparison.Ordinal);

        // kemensos's readers took nothing of the national portfolio: its third reader still waits, its first two go out.
        await Assert.ThrowsAsync<WhatsAppTierFullException>(() => tier.ClaimAsync(National, "62811000003", CancellationToken.None));
        await tier.ClaimAsync(National, "62811000001", CancellationToken.None);
        Assert.Equal((2, 3), (await tier.UsedAsync("", CancellationToken.None), await tier.UsedAsync("kemensos", CancellationToken.None)));
    }

    [Fact]
    public async Task Two_numbers_in_one_portfolio_share_its_tier_and_the_wait_is_for_that_portfolios_oldest_slot()
    {
        var tier = Tier();
        var setneg = Number("setneg", "provinsi", 2);
        var kominfo = Number("kominfo", "provinsi", 2);

        // The national portfolio reached a reader twelve hours before the province's first.
        await tier.ClaimAsync(National, "62811000009", CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(12));
        await tier.ClaimAsync(setneg, "62811000001", CancellationToken.None);
        await tier.ClaimAsync(kominfo, "62811000002", CancellationToken.None);

        // A reader setneg's number reached goes out through kominfo's again without a slot; a new one waits.
        await tier.ClaimAsync(kominfo, "62811000001", CancellationToken.None);
        var full = await Assert.ThrowsAsync<WhatsAppTierFullException>(() => tier.ClaimAsync(setneg, "62811000003", CancellationToken.None));
        Assert.Equal(TimeSpan.FromHours(24), full.RetryAfter);
        Assert.Equal(2, await tier.UsedAsync("provinsi", CancellationToken.None));

        // The national portfolio's own slot is still free.
        await tier.ClaimAsync(National, "62811000003", CancellationToken.None);

        // A day after the province's first claims, its slots free again.
        _clock.Advance(TimeSpan.FromHours(24));
        await tier.ClaimAsync(setneg, "62811000003", CancellationToken.None);
        await tier.ClaimAsync(kominfo, "62811000004", CancellationToken.None);
    }

    [Fact]
    public async Task A_reader_counted_before_portfolios_is_the_national_portfolios_and_pruned_with_the_rest()
    {
        using var database = new TestDatabase(migrate: false, kind);
        await using (var db = database.CreateDbContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforePortfolios);
            foreach (var waId in new[] { "62811000001", "62811000002" })
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO \"WhatsAppTierContacts\" (\"WaId\", \"At\") VALUES ({waId}, {Now.AddHours(-1)})");
            }

            await db.Database.ExecuteSqlAsync($"INSERT INTO \"WhatsAppTierContacts\" (\"WaId\", \"At\") VALUES ({"62811000000"}, {Now.AddDays(-2)})");
            await db.Database.MigrateAsync();
        }

        var tier = new WhatsAppMessagingTier(database, _gate, _clock);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(
                ["/62811000000", "/62811000001", "/62811000002"],
                await db.Set<WhatsAppTierContact>().OrderBy(c => c.WaId).Select(c => c.Portfolio + "/" + c.WaId).ToListAsync());
        }

        // The two recent readers fill the national tier of 2; another portfolio reaches one of them beside them.
        await Assert.ThrowsAsync<WhatsAppTierFullException>(() => tier.ClaimAsync(National, "62811000003", CancellationToken.None));
        await tier.ClaimAsync(Number("kemensos", "kemensos", 2), "62811000001", CancellationToken.None);
        Assert.Equal(1, await tier.PruneAsync(CancellationToken.None));
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(
                ["/62811000001", "/62811000002", "kemensos/62811000001"],
                await db.Set<WhatsAppTierContact>().OrderBy(c => c.Portfolio).ThenBy(c => c.WaId).Select(c => c.Portfolio + "/" + c.WaId).ToListAsync());
        }
    }
}

public sealed class WhatsAppPortfolioTierTestsOnSqlite() : WhatsAppPortfolioTierTests(DatabaseKind.Sqlite);

public sealed class WhatsAppPortfolioTierTestsOnPostgres() : WhatsAppPortfolioTierTests(DatabaseKind.Postgres);
