using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips.Flow;

/// <summary>Drops drafts untouched for Tips:DraftHours and the files they held; the flow also ignores them on read.</summary>
public sealed class TipDraftJanitor(IDbContextFactory<HumasDbContext> factory, TipDraftFiles files, IOptions<TipsOptions> options, TimeProvider time)
{
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(options.Value.DraftHours);
        await using var db = await factory.CreateDbContextAsync(ct);
        var expired = await db.Set<TipDraft>().Where(d => d.UpdatedAt < cutoff).ToListAsync(ct);
        db.RemoveRange(expired);
        await db.SaveChangesAsync(ct);
        foreach (var draft in expired)
        {
            await files.DiscardAsync(draft, ct);
        }

        return expired.Count;
    }
}
