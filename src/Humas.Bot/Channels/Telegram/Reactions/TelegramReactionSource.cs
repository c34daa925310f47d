using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Feedback;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.Telegram.Reactions;

/// <summary>Telegram's emoji reactions under an article's delivered copies, summed, for the article's report.</summary>
public sealed class TelegramReactionSource(IDbContextFactory<HumasDbContext> factory) : IPlatformReactionSource
{
    public string Channel => TelegramChats.Channel;

    public async Task<IReadOnlyList<PlatformReactionCount>> CountsAsync(Guid articleId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = await db.Set<TelegramReactionCount>().AsNoTracking()
            .Where(r => r.ArticleId == articleId)
            .GroupBy(r => r.Reaction)
            .Select(g => new { Reaction = g.Key, Count = g.Sum(r => r.Count) })
            .ToListAsync(ct);
        return counts.Where(c => c.Count > 0).OrderByDescending(c => c.Count).ThenBy(c => c.Reaction, StringComparer.Ordinal)
            .Select(c => new PlatformReactionCount(c.Reaction, c.Count)).ToList();
    }
}
