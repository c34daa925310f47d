using System.Globalization;
using System.Text;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Contributors;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tips;

/// <summary><see cref="ITipCommands"/>: /status, /daftar, /teraktif, answered with localized text.</summary>
public sealed class TipCommands(
    IDbContextFactory<HumasDbContext> factory, ContributorRegistry registry, TipLeaderboard leaderboard, ITexts texts) : ITipCommands
{
    private const int StatusLimit = 10;
    private const int BoardSize = 10;

    public async Task<string> StatusAsync(TipAuthor author, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var tips = await db.Set<Tip>().AsNoTracking()
            .Where(t => t.Channel == author.Channel && t.UserExternalId == author.UserExternalId)
            .OrderByDescending(t => t.Id).Take(StatusLimit)
            .Select(t => new { t.Ticket, t.State, t.CreatedAt })
            .ToListAsync(cancellationToken);
        if (tips.Count == 0)
        {
            return texts.Get("tips.status_none", author.Language);
        }

        var text = new StringBuilder(texts.Get("tips.status_header", author.Language));
        foreach (var tip in tips)
        {
            var date = JakartaTime.ToLocal(tip.CreatedAt).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            text.Append('\n').Append(texts.Get("tips.status_line", author.Language, tip.Ticket, date, texts.Get($"tips.state.{tip.State}", author.Language)));
        }

        return text.ToString();
    }

    public Task<string> RegisterAsync(TipAuthor author, string code, CancellationToken cancellationToken) =>
        registry.RegisterAsync(author, code, cancellationToken);

    public async Task<string> LeaderboardAsync(string language, CancellationToken cancellationToken)
    {
        var (year, month) = leaderboard.CurrentMonth();
        var label = TipLeaderboard.Label(year, month);
        var ranks = await leaderboard.ContributorsAsync(year, month, BoardSize, cancellationToken);
        if (ranks.Count == 0)
        {
            return texts.Get("tips.top.empty", language, label);
        }

        var text = new StringBuilder(texts.Get("tips.top.header", language, label));
        foreach (var r in ranks)
        {
            text.Append('\n').Append(texts.Get("tips.top.line", language, r.Rank, r.Name, r.Unit, r.Accepted));
        }

        return text.ToString();
    }
}
