using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Institutions;

/// <summary>
/// Stored editors' chats follow a conversation that moved (a Telegram group upgraded to a supergroup): each
/// institution whose stored chat on the channel is that conversation gets the new id stored, so the dashboard shows
/// where its editors are and no read depends on the move being remembered. The channel decides what matches
/// (<see cref="IInstitutionChatFields.Moved"/>); the core only stores. Idempotent: once stored, the same move finds
/// nothing to change.
/// </summary>
public sealed class InstitutionChatMoves(
    IEnumerable<IInstitutionChatFields> channels,
    IDbContextFactory<HumasDbContext> factory,
    SqliteWriteGate sqliteWriter,
    InstitutionChatMap map,
    ILogger<InstitutionChatMoves> log)
{
    /// <summary>Stores <paramref name="to"/> wherever an institution's chat was <paramref name="from"/>; returns the institutions changed.</summary>
    public async Task<IReadOnlyList<string>> FollowAsync(string channel, string account, string from, string to, CancellationToken ct)
    {
        if (channels.FirstOrDefault(c => c.Channel == channel) is not { } fields)
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<InstitutionChatSetting>().AsNoTracking()
            .Where(s => s.Channel == channel && s.Value != "")
            .ToListAsync(ct);
        var changed = new List<string>();
        foreach (var institution in rows.GroupBy(r => r.InstitutionId, StringComparer.Ordinal))
        {
            var stored = new InstitutionChatValues(institution.Key, institution.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal));
            if (fields.Moved(stored, account, from, to) is not { } values)
            {
                continue;
            }

            var updated = 0;
            using (await sqliteWriter.EnterAsync(db, ct))
            {
                foreach (var (name, value) in values)
                {
                    if (stored[name] is not { } old || old == value)
                    {
                        continue;
                    }

                    // Only while the row still holds what was read: a dashboard edit made meanwhile wins.
                    updated += await db.Set<InstitutionChatSetting>()
                        .Where(s => s.InstitutionId == institution.Key && s.Channel == channel && s.Name == name && s.Value == old)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.Value, value), ct);
                }
            }

            if (updated > 0)
            {
                changed.Add(institution.Key);
                log.LogInformation(
                    "Institution {InstitutionId}'s {Channel} editors' chat {OldId} moved to {NewId}; its stored editors' chat is updated",
                    institution.Key, channel, from, to);
            }
        }

        if (changed.Count > 0)
        {
            // This instance applies it to the next tip at once; others read the stored chats on their next refresh
            // and follow the recorded move meanwhile.
            await map.ReloadAsync(ct);
        }

        return changed;
    }
}
