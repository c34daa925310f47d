using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Institutions;

public sealed record InstitutionEntry(string Id, string Name, bool Disabled);

/// <param name="Page">0-based; clamped to the last page that has rows.</param>
public sealed record InstitutionPage(IReadOnlyList<InstitutionEntry> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public bool HasPrevious => Page > 0;

    public bool HasNext => Page + 1 < PageCount;
}

/// <summary>
/// Finding institutions, for readers' menus on every channel and for the dashboard: by id or exact name, and
/// page by page, optionally narrowed to those whose name or id contains a part typed by the reader ("sosial"
/// finds "Kementerian Sosial"; case does not matter). Ordered by name. Channel-neutral and stateless: the
/// dashboard makes one per request on its restricted database (an institution's editor finds only theirs).
/// </summary>
public sealed class InstitutionDirectory(IDbContextFactory<HumasDbContext> factory)
{
    /// <summary>Longer search text is cut to this; enough for any institution's name.</summary>
    public const int MaxQueryLength = 100;

    public async Task<InstitutionPage> PageAsync(string? query, int page, int pageSize, bool includeDisabled, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, 500);
        await using var db = await factory.CreateDbContextAsync(ct);
        var matching = Matching(db, query, includeDisabled);
        var total = await matching.CountAsync(ct);
        var last = Math.Max(0, (total - 1) / pageSize);
        page = Math.Clamp(page, 0, last);
        var items = await matching.OrderBy(i => i.Name).ThenBy(i => i.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(i => new InstitutionEntry(i.Id, i.Name, i.Disabled))
            .ToListAsync(ct);
        return new InstitutionPage(items, page, pageSize, total);
    }

    /// <summary>The institution with this id, or else this exact name (either in any case); null when none is.</summary>
    public async Task<InstitutionEntry?> FindAsync(string idOrName, bool includeDisabled, CancellationToken ct)
    {
        var key = idOrName.Trim().ToLowerInvariant();
        // A control character (a NUL from a hostile client) is in no name, and PostgreSQL refuses NUL in text.
        if (key.Length == 0 || key.Length > InstitutionRules.MaxNameLength || key.Any(char.IsControl))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var institutions = db.Set<Institution>().AsNoTracking().Where(i => includeDisabled || !i.Disabled);
        var found = await institutions.FirstOrDefaultAsync(i => i.Id == key, ct)
            ?? await institutions.OrderBy(i => i.Id).FirstOrDefaultAsync(i => i.Name.ToLower() == key, ct);
        return found is null ? null : new InstitutionEntry(found.Id, found.Name, found.Disabled);
    }

    public async Task<Institution?> GetAsync(string id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Institution>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
    }

    /// <summary>The hosts of each of <paramref name="ids"/> (a page of the dashboard's list), in one query.</summary>
    public async Task<ILookup<string, string>> HostsOfAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<InstitutionHost>().AsNoTracking().Where(h => ids.Contains(h.InstitutionId)).OrderBy(h => h.Host)
            .Select(h => new { h.InstitutionId, h.Host }).ToListAsync(ct);
        return rows.ToLookup(h => h.InstitutionId, h => h.Host, StringComparer.Ordinal);
    }

    /// <summary>The stored editors' chat settings of each of <paramref name="ids"/> (a page of the dashboard's list), in one query.</summary>
    public async Task<ILookup<string, InstitutionChatSetting>> ChatsOfAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<InstitutionChatSetting>().AsNoTracking().Where(s => ids.Contains(s.InstitutionId)).ToListAsync(ct);
        return rows.ToLookup(s => s.InstitutionId, StringComparer.Ordinal);
    }

    /// <summary>Those of <paramref name="ids"/> (a page of the dashboard's list) the dashboard manages, not configuration.</summary>
    public async Task<IReadOnlySet<string>> DashboardManagedAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Set<Institution>().AsNoTracking().Where(i => ids.Contains(i.Id) && i.Origin == InstitutionOrigin.Dashboard)
            .Select(i => i.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<string>> HostsAsync(string id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<InstitutionHost>().AsNoTracking().Where(h => h.InstitutionId == id).OrderBy(h => h.Host).Select(h => h.Host).ToListAsync(ct);
    }

    /// <summary>Which of <paramref name="ids"/> are institutions (of those this directory may see).</summary>
    public async Task<IReadOnlyList<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Institution>().Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
    }

    private static IQueryable<Institution> Matching(HumasDbContext db, string? query, bool includeDisabled)
    {
        var institutions = db.Set<Institution>().AsNoTracking().Where(i => includeDisabled || !i.Disabled);
        var part = Normalize(query);
        // ToLower and Contains translate on both providers (lower() and instr/strpos); the part is a parameter,
        // so '%' or '_' typed by a reader are plain characters.
        return part.Length == 0 ? institutions : institutions.Where(i => i.Name.ToLower().Contains(part) || i.Id.Contains(part));
    }

    /// <summary>
    /// The search text as it is compared: trimmed, lower case, control characters (NUL, which PostgreSQL refuses
    /// in text, among them) and inner spaces collapsed to one space, at most <see cref="MaxQueryLength"/>.
    /// </summary>
    public static string Normalize(string? query)
    {
        var plain = string.Create((query ?? "").Length, query ?? "", (span, q) =>
        {
            for (var i = 0; i < q.Length; i++)
            {
                span[i] = char.IsControl(q[i]) ? ' ' : q[i];
            }
        });
        var words = plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(' ', words).ToLowerInvariant();
        return text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
    }
}
