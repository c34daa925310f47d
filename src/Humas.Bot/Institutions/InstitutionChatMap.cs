using System.Collections.Frozen;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Institutions;

/// <summary>One institution's editors' chat settings on one channel that have a value, by field name.</summary>
public sealed record InstitutionChatValues(string InstitutionId, IReadOnlyDictionary<string, string> Values)
{
    public string? this[string name] => Values.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// The stored editors' chats of every institution (<see cref="InstitutionChatSetting"/>), in memory, because each
/// tip, alert and press in an editors' chat asks the channels' resolvers: loaded at start after configuration is
/// seeded, after every change made on this instance (so a change on the dashboard applies to the next tip), and
/// every <see cref="InstitutionHostMap.RefreshInterval"/> for changes made on other instances.
/// </summary>
public sealed class InstitutionChatMap(IDbContextFactory<HumasDbContext> factory)
{
    private volatile FrozenDictionary<string, IReadOnlyList<InstitutionChatValues>> _byChannel =
        FrozenDictionary<string, IReadOnlyList<InstitutionChatValues>>.Empty;

    /// <summary>The institutions with settings on <paramref name="channel"/>, with the values that are not empty.</summary>
    public IReadOnlyList<InstitutionChatValues> Of(string channel) =>
        _byChannel.TryGetValue(channel, out var chats) ? chats : [];

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<InstitutionChatSetting>().AsNoTracking()
            .Where(s => s.Value != "")
            .OrderBy(s => s.InstitutionId)
            .Select(s => new { s.Channel, s.InstitutionId, s.Name, s.Value })
            .ToListAsync(ct);
        _byChannel = rows
            .GroupBy(r => r.Channel, StringComparer.Ordinal)
            .ToFrozenDictionary(
                channel => channel.Key,
                channel => (IReadOnlyList<InstitutionChatValues>)channel
                    .GroupBy(r => r.InstitutionId, StringComparer.Ordinal)
                    .Select(i => new InstitutionChatValues(i.Key, i.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal)))
                    .ToList(),
                StringComparer.Ordinal);
    }
}
