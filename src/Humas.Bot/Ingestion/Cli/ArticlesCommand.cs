using System.CommandLine;
using System.Globalization;
using Humas.Bot.Cli;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Humas.Bot.Localization;

namespace Humas.Bot.Ingestion.Cli;

/// <summary><c>articles list [--since DATE] [--limit N]</c>: what has been ingested, newest first.</summary>
public sealed class ArticlesCommand(IDbContextFactory<HumasDbContext> factory, IAnsiConsole console) : ICliCommand
{
    public Command Build()
    {
        var since = new Option<string>("--since") { Description = "Only articles published on or after this date (yyyy-MM-dd, WIB) or ISO instant." };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (default 50).", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "Articles, newest first.") { since, limit };
        list.SetAction((parse, ct) => ListAsync(parse.GetValue(since), parse.GetValue(limit), ct));
        var command = new Command("articles", "Inspect ingested articles.");
        command.Subcommands.Add(list);
        return command;
    }

    private async Task<int> ListAsync(string? since, int limit, CancellationToken ct)
    {
        if (limit is < 1 or > 10_000)
        {
            throw new CliException("--limit must be between 1 and 10000.");
        }

        DateTime? from = null;
        if (since is not null)
        {
            from = ParseSince(since) ?? throw new CliException($"--since: '{since}' is not a date (use yyyy-MM-dd or an ISO 8601 instant).");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Set<Article>().AsNoTracking();
        if (from is { } f)
        {
            query = query.Where(a => a.PublishedAt >= f);
        }

        var articles = await query.OrderByDescending(a => a.PublishedAt).Take(limit).ToListAsync(ct);
        var table = new Table().AddColumns("Id", "Published (WIB)", "Institution", "Title", "Announced", "Rev");
        foreach (var a in articles)
        {
            table.AddRow(
                a.Id.ToString(), JakartaTime.FormatDate(a.PublishedAt, "en"), Markup.Escape(a.InstitutionId),
                Markup.Escape(a.Title), a.Announced ? "yes" : "no", a.Revision.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine($"{articles.Count} article(s).");
        return 0;
    }

    private static DateTime? ParseSince(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), JakartaTime.Offset).UtcDateTime;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.UtcDateTime
            : null;
    }
}
