using System.Collections.Frozen;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Institutions;

/// <summary>
/// Maps an article's web host to the institution that owns it, so an aggregator feed (like the demo feed, or a
/// GPR feed carrying several ministries' news) attributes each item to its ministry. A snapshot of the
/// <see cref="InstitutionHost"/> rows in memory, because ingestion asks for every item it reads: loaded at start,
/// after every change made on this instance, and every <see cref="RefreshInterval"/> for changes made on others.
/// </summary>
public sealed class InstitutionHostMap
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly IDbContextFactory<HumasDbContext>? _factory;
    private volatile FrozenDictionary<string, string> _byHost = FrozenDictionary<string, string>.Empty;

    public InstitutionHostMap(IDbContextFactory<HumasDbContext> factory) => _factory = factory;

    private InstitutionHostMap(IEnumerable<(string Host, string InstitutionId)> hosts) =>
        _byHost = hosts.ToFrozenDictionary(h => InstitutionHost.Normalize(h.Host), h => h.InstitutionId, StringComparer.Ordinal);

    /// <summary>A map of fixed pairs that never reloads, for code that reads feeds without a database (tests).</summary>
    public static InstitutionHostMap Fixed(params (string Host, string InstitutionId)[] hosts) => new(hosts);

    public async Task ReloadAsync(CancellationToken ct)
    {
        if (_factory is null)
        {
            return;
        }

        await using var db = await _factory.CreateDbContextAsync(ct);
        var rows = await db.Set<InstitutionHost>().AsNoTracking().Select(h => new { h.Host, h.InstitutionId }).ToListAsync(ct);
        _byHost = rows.ToFrozenDictionary(r => r.Host, r => r.InstitutionId, StringComparer.Ordinal);
    }

    /// <summary>The institution whose host (or a parent domain of it) serves <paramref name="url"/>.</summary>
    public string? FindByUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var byHost = _byHost;
        var host = InstitutionHost.Normalize(uri.Host);
        while (host.Length > 0)
        {
            if (byHost.TryGetValue(host, out var id))
            {
                return id;
            }

            var dot = host.IndexOf('.', StringComparison.Ordinal);
            host = dot < 0 ? "" : host[(dot + 1)..];
        }

        return null;
    }
}
