using System.Globalization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Humas.Bot.Localization;

namespace Humas.Bot.Tips.Contributors;

public sealed record ContributorRank(int Rank, long ContributorId, string Name, string InstitutionId, string Unit, int Accepted);

public sealed record UnitRank(int Rank, string InstitutionId, string Unit, int Accepted);

/// <summary>
/// "Kontributor Teraktif": verified contributors' tips accepted in a Jakarta calendar month. Counted by the
/// month of acceptance, so a closed month's board never changes after its awards.
/// </summary>
public sealed class TipLeaderboard(IDbContextFactory<HumasDbContext> factory, TimeProvider time)
{
    /// <summary>The current Jakarta month as (year, month).</summary>
    public (int Year, int Month) CurrentMonth()
    {
        var local = JakartaTime.ToLocal(time.GetUtcNow().UtcDateTime);
        return (local.Year, local.Month);
    }

    public static string Label(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{month:D2}/{year}");

    public async Task<IReadOnlyList<ContributorRank>> ContributorsAsync(int year, int month, int top, CancellationToken ct)
    {
        var (from, to) = Range(year, month);
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = await db.Set<Tip>().AsNoTracking()
            .Where(t => (t.State == TipState.Accepted || t.State == TipState.Published) && t.DecidedAt >= from && t.DecidedAt < to && t.ContributorId != null)
            .GroupBy(t => t.ContributorId!.Value)
            .Select(g => new { ContributorId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var ids = counts.Select(c => c.ContributorId).ToList();
        var people = await db.Set<TipContributor>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return counts
            .OrderByDescending(c => c.Count).ThenBy(c => c.ContributorId)
            .Take(top)
            .Select((c, i) =>
            {
                var who = people[c.ContributorId];
                return new ContributorRank(i + 1, who.Id, who.DisplayName ?? who.UserExternalId, who.InstitutionId, who.Unit, c.Count);
            })
            .ToList();
    }

    /// <summary>Per unit, for the dashboard; the unit is the one the tip carried when it was sent.</summary>
    public async Task<IReadOnlyList<UnitRank>> UnitsAsync(int year, int month, CancellationToken ct)
    {
        var (from, to) = Range(year, month);
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = await db.Set<Tip>().AsNoTracking()
            .Where(t => (t.State == TipState.Accepted || t.State == TipState.Published) && t.DecidedAt >= from && t.DecidedAt < to && t.InstitutionId != null && t.Unit != null)
            .GroupBy(t => new { t.InstitutionId, t.Unit })
            .Select(g => new { g.Key.InstitutionId, g.Key.Unit, Count = g.Count() })
            .ToListAsync(ct);
        return counts.OrderByDescending(c => c.Count).ThenBy(c => c.InstitutionId).ThenBy(c => c.Unit)
            .Select((c, i) => new UnitRank(i + 1, c.InstitutionId!, c.Unit!, c.Count))
            .ToList();
    }

    private static (DateTime From, DateTime To) Range(int year, int month)
    {
        var start = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return (JakartaTime.ToUtc(start), JakartaTime.ToUtc(start.AddMonths(1)));
    }
}
