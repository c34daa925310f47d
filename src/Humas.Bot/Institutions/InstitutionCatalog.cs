using Humas.Bot.Host;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Institutions;

/// <summary>
/// Brings the configured <c>Institutions</c> into the database at start, then loads the host map. How
/// configuration and the dashboard coexist: an institution configuration seeded and nobody edited since
/// (<see cref="InstitutionOrigin.Configuration"/>) follows configuration at every start, name and hosts. Once a
/// national admin adds or edits one in the dashboard it is <see cref="InstitutionOrigin.Dashboard"/>'s, and
/// configuration never changes it again (the dashboard can hand it back). Nothing is deleted: an institution
/// dropped from configuration keeps its rows, articles and subscribers. A configured host that another
/// institution owns in the database is skipped with a warning instead of moving.
/// </summary>
public sealed class InstitutionCatalog(
    IDbContextFactory<HumasDbContext> factory,
    IOptions<InstitutionsOptions> options,
    InstitutionHostMap hosts,
    IEnumerable<IInstitutionChatFields> chatFields,
    InstitutionChatMap chats,
    TimeProvider time,
    ILogger<InstitutionCatalog> log) : StartingPhaseService
{
    public override async Task StartingAsync(CancellationToken cancellationToken)
    {
        await SynchronizeAsync(cancellationToken);
        await hosts.ReloadAsync(cancellationToken);
        await chats.ReloadAsync(cancellationToken);
    }

    public async Task SynchronizeAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Instances starting together on one PostgreSQL database take turns, so they do not insert the same rows.
        await db.InTransactionAsync(async () =>
        {
            await db.LockAsync(LockKey, ct);
            await SynchronizeAsync(db, ct);
            return 0;
        }, ct);
    }

    /// <summary>The advisory lock every writer of institutions takes inside its transaction.</summary>
    public const string LockKey = "humas-bot:institutions";

    /// <summary>Adds every id not known yet, named by its id (a configured source's institution missing from the list).</summary>
    public static async Task EnsureAsync(HumasDbContext db, IEnumerable<string> ids, DateTime now, CancellationToken ct)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Set<Institution>().Where(i => wanted.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
        foreach (var id in wanted.Except(known, StringComparer.Ordinal))
        {
            db.Add(new Institution { Id = id, Name = id, CreatedAt = now, Origin = InstitutionOrigin.Configuration });
        }
    }

    private async Task SynchronizeAsync(HumasDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var institutions = await db.Set<Institution>().ToDictionaryAsync(i => i.Id, StringComparer.Ordinal, ct);
        var owners = await db.Set<InstitutionHost>().ToDictionaryAsync(h => h.Host, StringComparer.Ordinal, ct);
        foreach (var wanted in options.Value.Institutions)
        {
            if (!institutions.TryGetValue(wanted.Id, out var institution))
            {
                institution = new Institution { Id = wanted.Id, Name = wanted.Name.Trim(), CreatedAt = now, Origin = InstitutionOrigin.Configuration };
                db.Add(institution);
                institutions[wanted.Id] = institution;
                log.LogInformation("Institution {InstitutionId} added from configuration", wanted.Id);
            }
            else if (institution.Origin == InstitutionOrigin.Dashboard)
            {
                log.LogDebug("Institution {InstitutionId} is managed in the dashboard; its configuration is not applied", wanted.Id);
                continue;
            }
            else
            {
                institution.Name = wanted.Name.Trim();
            }

            var configured = wanted.Hosts.Select(InstitutionHost.Normalize).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in owners.Values.Where(h => h.InstitutionId == wanted.Id && !configured.Contains(h.Host)).ToList())
            {
                db.Remove(stale);
                owners.Remove(stale.Host);
            }

            foreach (var host in configured)
            {
                if (owners.TryGetValue(host, out var owner))
                {
                    if (owner.InstitutionId != wanted.Id)
                    {
                        log.LogWarning("Host {Host} of configured institution {InstitutionId} belongs to {Owner} in the dashboard; skipped", host, wanted.Id, owner.InstitutionId);
                    }

                    continue;
                }

                owners[host] = db.Add(new InstitutionHost { Host = host, InstitutionId = wanted.Id }).Entity;
            }
        }

        await db.SaveChangesAsync(ct);
        await SynchronizeChatsAsync(db, institutions, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task SynchronizeChatsAsync(HumasDbContext db, Dictionary<string, Institution> institutions, CancellationToken ct)
    {
        var stored = (await db.Set<InstitutionChatSetting>().ToListAsync(ct))
            .ToDictionary(s => (s.InstitutionId, s.Channel, s.Name));
        foreach (var channel in chatFields)
        {
            var configured = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var (id, values) in channel.Configured)
            {
                configured[id] = values;
            }

            foreach (var wanted in options.Value.Institutions)
            {
                var dashboardOwned = institutions[wanted.Id].Origin == InstitutionOrigin.Dashboard;
                foreach (var field in channel.Fields)
                {
                    var value = configured.TryGetValue(wanted.Id, out var values) && values.TryGetValue(field.Name, out var v) && v.Length > 0 ? v : null;
                    if (value is { Length: > InstitutionChatSetting.MaxValueLength })
                    {
                        log.LogWarning("Institutions {InstitutionId} {Channel} {Field} is longer than {Max} characters; not stored",
                            wanted.Id, channel.Channel, field.Name, InstitutionChatSetting.MaxValueLength);
                        value = null;
                    }

                    var found = stored.TryGetValue((wanted.Id, channel.Channel, field.Name), out var row);
                    if (dashboardOwned)
                    {
                        // What the dashboard set or cleared stays; configuration fills in only what it never stored.
                        if (!found && value is not null)
                        {
                            db.Add(new InstitutionChatSetting { InstitutionId = wanted.Id, Channel = channel.Channel, Name = field.Name, Value = value });
                        }
                    }
                    else if (value is null)
                    {
                        if (found)
                        {
                            db.Remove(row!);
                        }
                    }
                    else if (found)
                    {
                        row!.Value = value;
                    }
                    else
                    {
                        db.Add(new InstitutionChatSetting { InstitutionId = wanted.Id, Channel = channel.Channel, Name = field.Name, Value = value });
                    }
                }
            }
        }
    }
}
