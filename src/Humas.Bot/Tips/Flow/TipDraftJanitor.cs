using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tips.Flow;

/// <summary>Drops drafts untouched for Tips:DraftHours; the flow also ignores them on read, this only frees the rows.</summary>
public sealed class TipDraftJanitor(IDbContextFactory<HumasDbContext> factory, IOptions<TipsOptions> options, TimeProvider time)
{
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(options.Value.DraftHours);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TipDraft>().Where(d => d.UpdatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
