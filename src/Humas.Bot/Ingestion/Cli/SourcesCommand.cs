using System.CommandLine;
using Humas.Bot.Cli;
using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Storage;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Humas.Bot.Localization;

namespace Humas.Bot.Ingestion.Cli;

/// <summary><c>sources list</c> (health table) and <c>sources check &lt;url-or-id&gt;</c> (read once, write nothing).</summary>
public sealed class SourcesCommand(
    IDbContextFactory<HumasDbContext> factory,
    SourceReader reader,
    IAnsiConsole console,
    TimeProvider time) : ICliCommand
{
    public Command Build()
    {
        var command = new Command("sources", "Inspect the news sources.");

        var list = new Command("list", "Every source with its health: state, last success, failures, next poll, last error.");
        list.SetAction((_, ct) => ListAsync(ct));
        command.Subcommands.Add(list);

        var target = new Argument<string>("url-or-id") { Description = "A configured source id, or a feed/listing URL (http, https, file:)." };
        var kind = new Option<string>("--kind") { Description = "For a URL: Rss (default) or Html." };
        var check = new Command("check", "Fetch and parse a source once and print what was found. Writes nothing.") { target, kind };
        check.SetAction((parse, ct) => CheckAsync(parse.GetValue(target)!, parse.GetValue(kind), ct));
        command.Subcommands.Add(check);
        return command;
    }

    private async Task<int> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var sources = await db.Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        var table = new Table().AddColumns("Id", "Institution", "Kind", "State", "Last success", "Failures", "Next poll", "Last error");
        foreach (var s in sources)
        {
            table.AddRow(
                Markup.Escape(s.Id), Markup.Escape(s.InstitutionId), s.Kind.ToString(), StateMarkup(s.State),
                When(s.LastSuccessAt), s.ConsecutiveFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.Enabled ? When(s.NextPollAt) : "-", Markup.Escape(s.LastError ?? ""));
        }

        console.Write(table);
        console.MarkupLine($"{sources.Count} source(s); times in WIB (Asia/Jakarta).");
        return 0;
    }

    private async Task<int> CheckAsync(string target, string? kind, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var configured = await db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == target, ct);
        var source = configured ?? AdHoc(target, kind);

        // A check always reads the whole source: without validators the server cannot answer 304.
        source.ETag = null;
        source.LastModified = null;
        SourceReadResult read;
        try
        {
            read = await reader.ReadAsync(source, ct);
        }
        catch (Exception e) when (e is FetchException or FeedFormatException or ArgumentException)
        {
            throw new CliException($"{source.Url}: {e.Message.ReplaceLineEndings(" ")}");
        }

        var table = new Table().AddColumns("#", "Published (WIB)", "Institution", "Title", "Author", "URL");
        var n = 0;
        foreach (var draft in read.Drafts)
        {
            table.AddRow(
                (++n).ToString(System.Globalization.CultureInfo.InvariantCulture),
                draft.PublishedAt is { } at ? JakartaTime.FormatDate(at, "en") : "(no date)",
                Markup.Escape(draft.InstitutionId),
                Markup.Escape(draft.Title),
                Markup.Escape(draft.Author ?? ""),
                Markup.Escape(draft.Url));
        }

        console.Write(table);
        var feed = read.Feed!;
        if (feed.Description is { } description)
        {
            console.MarkupLineInterpolated($"Feed description: {description.ReplaceLineEndings(" ")}");
        }

        console.MarkupLineInterpolated($"{read.Drafts.Count} article(s) from {feed.Format} {feed.Title ?? source.Url}; {read.SkippedItems} item(s) without a usable link skipped. Nothing was written.");
        return read.Drafts.Count == 0 ? 1 : 0;
    }

    private Source AdHoc(string url, string? kind)
    {
        if (!url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new CliException($"'{url}' is neither a configured source id nor an http(s) or file: URL (see 'sources list').");
        }

        if (!Enum.TryParse<SourceKind>(kind ?? "Rss", ignoreCase: true, out var parsedKind))
        {
            throw new CliException($"--kind must be Rss or Html, not '{kind}'.");
        }

        if (parsedKind == SourceKind.Html)
        {
            throw new CliException("An Html listing needs its selectors: configure it as a source and check it by id.");
        }

        return new Source
        {
            Id = "check",
            InstitutionId = "(unknown)",
            Name = url,
            Url = url,
            ConfiguredUrl = url,
            Kind = parsedKind,
            NextPollAt = time.GetUtcNow().UtcDateTime,
        };
    }

    private static string When(DateTime? utc) => utc is { } value ? JakartaTime.FormatDateTime(value, "en") : "-";

    private static string StateMarkup(SourceState state) => state switch
    {
        SourceState.Active => "[green]Active[/]",
        SourceState.BackingOff => "[yellow]BackingOff[/]",
        SourceState.Dead => "[red]Dead[/]",
        _ => "[grey]Disabled[/]",
    };
}
