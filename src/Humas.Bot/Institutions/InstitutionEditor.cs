using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Institutions;

/// <summary>Why an institution could not be changed: <see cref="Reason"/> is a text key of admin.json, <see cref="Detail"/> its argument.</summary>
public sealed class InstitutionException(string reason, string? detail = null) : Exception(reason)
{
    public string Reason { get; } = reason;
    public string? Detail { get; } = detail;
}

/// <summary>
/// A national admin's changes to institutions (the dashboard's Institutions page): add, rename, hosts, editors'
/// chats, disable, and handing a configured one back to configuration. Each makes the row the dashboard's (see
/// <see cref="InstitutionCatalog"/>), so a restart keeps it, and reloads the host map and the editors' chats at once.
/// </summary>
public sealed class InstitutionEditor(
    IDbContextFactory<HumasDbContext> factory,
    InstitutionHostMap hosts,
    InstitutionChatMap chats,
    IEnumerable<IInstitutionChatFields> chatFields,
    IOptions<InstitutionsOptions> options,
    InstitutionCatalog catalog,
    TimeProvider time)
{
    public async Task AddAsync(string id, string name, IReadOnlyList<string> hostNames, string actor, CancellationToken ct)
    {
        id = id.Trim();
        Check(id, name, hostNames);
        await WriteAsync(async db =>
        {
            if (await db.Set<Institution>().AnyAsync(i => i.Id == id, ct))
            {
                throw new InstitutionException("admin.institutions.exists", id);
            }

            var now = time.GetUtcNow().UtcDateTime;
            db.Add(new Institution { Id = id, Name = name.Trim(), CreatedAt = now, Origin = InstitutionOrigin.Dashboard, UpdatedAt = now, UpdatedBy = actor });
            await db.SaveChangesAsync(ct);
            await SetHostsAsync(db, id, hostNames, ct);
        }, ct);
    }

    /// <returns>False when there is no such institution.</returns>
    public async Task<bool> UpdateAsync(string id, string name, IReadOnlyList<string> hostNames, string actor, CancellationToken ct)
    {
        Check(id, name, hostNames);
        return await WriteAsync(async db =>
        {
            var institution = await db.Set<Institution>().SingleOrDefaultAsync(i => i.Id == id, ct);
            if (institution is null)
            {
                return false;
            }

            institution.Name = name.Trim();
            Touch(institution, actor);
            await db.SaveChangesAsync(ct);
            await SetHostsAsync(db, id, hostNames, ct);
            return true;
        }, ct);
    }

    /// <returns>False when there is no such institution.</returns>
    public Task<bool> SetDisabledAsync(string id, bool disabled, string actor, CancellationToken ct) =>
        WriteAsync(async db =>
        {
            var institution = await db.Set<Institution>().SingleOrDefaultAsync(i => i.Id == id, ct);
            if (institution is null)
            {
                return false;
            }

            institution.Disabled = disabled;
            Touch(institution, actor);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);

    /// <summary>
    /// Sets the institution's editors' chats on every channel at once: <paramref name="values"/> by channel, then field
    /// name, as typed (a field not given, or empty, is cleared: the channel's global chat serves the institution).
    /// Every channel's values are checked before anything is written.
    /// </summary>
    /// <returns>False when there is no such institution.</returns>
    public async Task<bool> SetChatsAsync(string id, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> values, string actor, CancellationToken ct)
    {
        var checkedValues = new List<(string Channel, string Name, string Value)>();
        foreach (var channel in chatFields)
        {
            values.TryGetValue(channel.Channel, out var typed);
            var these = channel.Fields.ToDictionary(
                f => f.Name, f => typed?.GetValueOrDefault(f.Name)?.Trim() ?? "", StringComparer.Ordinal);
            if (these.Values.Any(v => v.Length > InstitutionChatSetting.MaxValueLength))
            {
                throw new InstitutionException("admin.institutions.chats.too_long", InstitutionChatSetting.MaxValueLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (channel.Check(these) is { } problem)
            {
                // The refused value is shown back, cut so a pasted page does not fill the message.
                throw new InstitutionException(problem.Reason, problem.Value.Length > 100 ? problem.Value[..100] + "…" : problem.Value);
            }

            checkedValues.AddRange(channel.Fields.Select(f => (channel.Channel, f.Name, these[f.Name])));
        }

        return await WriteAsync(async db =>
        {
            var institution = await db.Set<Institution>().SingleOrDefaultAsync(i => i.Id == id, ct);
            if (institution is null)
            {
                return false;
            }

            var stored = await db.Set<InstitutionChatSetting>().Where(s => s.InstitutionId == id).ToListAsync(ct);
            foreach (var (channel, name, value) in checkedValues)
            {
                // An empty value is kept as a row: cleared on the dashboard, which configuration does not fill in again.
                if (stored.FirstOrDefault(s => s.Channel == channel && s.Name == name) is { } row)
                {
                    row.Value = value;
                }
                else
                {
                    db.Add(new InstitutionChatSetting { InstitutionId = id, Channel = channel, Name = name, Value = value });
                }
            }

            Touch(institution, actor);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>Configuration owns a configured institution again: its name and hosts are applied now and at every start.</summary>
    public async Task<bool> ReturnToConfigurationAsync(string id, string actor, CancellationToken ct)
    {
        if (options.Value.Institutions.All(i => i.Id != id))
        {
            throw new InstitutionException("admin.institutions.not_configured", id);
        }

        var found = await WriteAsync(async db =>
        {
            var institution = await db.Set<Institution>().SingleOrDefaultAsync(i => i.Id == id, ct);
            if (institution is null)
            {
                return false;
            }

            // Its editors' chats are configuration's again too: dropped here, seeded again by the synchronization below.
            await db.Set<InstitutionChatSetting>().Where(s => s.InstitutionId == id).ExecuteDeleteAsync(ct);
            institution.Origin = InstitutionOrigin.Configuration;
            institution.Disabled = false;
            institution.UpdatedAt = time.GetUtcNow().UtcDateTime;
            institution.UpdatedBy = actor;
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        if (found)
        {
            await catalog.SynchronizeAsync(ct);
            await hosts.ReloadAsync(ct);
            await chats.ReloadAsync(ct);
        }

        return found;
    }

    public bool IsConfigured(string id) => options.Value.Institutions.Any(i => i.Id == id);

    private static void Check(string id, string name, IReadOnlyList<string> hostNames)
    {
        if (!InstitutionRules.IsId(id))
        {
            throw new InstitutionException("admin.institutions.bad_id");
        }

        if (!InstitutionRules.IsName(name))
        {
            throw new InstitutionException("admin.institutions.bad_name");
        }

        if (hostNames.Count > InstitutionRules.MaxHosts)
        {
            throw new InstitutionException("admin.institutions.too_many_hosts", InstitutionRules.MaxHosts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (hostNames.FirstOrDefault(h => !InstitutionRules.IsHost(h)) is { } bad)
        {
            throw new InstitutionException("admin.institutions.bad_host", bad);
        }
    }

    private void Touch(Institution institution, string actor)
    {
        institution.Origin = InstitutionOrigin.Dashboard;
        institution.UpdatedAt = time.GetUtcNow().UtcDateTime;
        institution.UpdatedBy = actor;
    }

    /// <summary>Replaces the institution's hosts; a host another institution owns is refused, naming it.</summary>
    private static async Task SetHostsAsync(HumasDbContext db, string id, IReadOnlyList<string> hostNames, CancellationToken ct)
    {
        var wanted = hostNames.Select(InstitutionHost.Normalize).Distinct(StringComparer.Ordinal).ToList();
        var taken = await db.Set<InstitutionHost>().Where(h => wanted.Contains(h.Host) && h.InstitutionId != id).FirstOrDefaultAsync(ct);
        if (taken is not null)
        {
            throw new InstitutionException("admin.institutions.host_taken", $"{taken.Host} ({taken.InstitutionId})");
        }

        await db.Set<InstitutionHost>().Where(h => h.InstitutionId == id && !wanted.Contains(h.Host)).ExecuteDeleteAsync(ct);
        var have = await db.Set<InstitutionHost>().Where(h => h.InstitutionId == id).Select(h => h.Host).ToListAsync(ct);
        foreach (var host in wanted.Except(have, StringComparer.Ordinal))
        {
            db.Add(new InstitutionHost { Host = host, InstitutionId = id });
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task<T> WriteAsync<T>(Func<HumasDbContext, Task<T>> work, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var result = await db.InTransactionAsync(async () =>
        {
            await db.LockAsync(InstitutionCatalog.LockKey, ct);
            return await work(db);
        }, ct);
        await hosts.ReloadAsync(ct);
        await chats.ReloadAsync(ct);
        return result;
    }

    private Task WriteAsync(Func<HumasDbContext, Task> work, CancellationToken ct) =>
        WriteAsync(async db => { await work(db); return true; }, ct);
}
