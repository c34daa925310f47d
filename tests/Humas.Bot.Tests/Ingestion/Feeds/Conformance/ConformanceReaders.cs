using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Ingestion.Text;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Ingestion.Feeds.Conformance;

/// <summary>What one reader made of one feed: its items as a reader would see them, or the error it threw.</summary>
public sealed record ReadOutcome(string? Title, string? Description, IReadOnlyList<ReadItem> Items, string? Error)
{
    public static ReadOutcome Failed(Exception e) => new(null, null, [], $"{e.GetType().Name}: {FirstLine(e.Message)}");

    private static string FirstLine(string message) => message.ReplaceLineEndings(" ") is var line && line.Length > 120 ? line[..120] + "…" : line;
}

/// <param name="Titles">Every reasonable reading of the title (the library's text as plain text, and as HTML made plain).</param>
public sealed record ReadItem(IReadOnlyList<string> Titles, string? Link, DateTimeOffset? Date)
{
    /// <summary>What the conformance brief counts: an item with a title and a link.</summary>
    public bool IsExtracted => Titles.Any(t => t.Length > 0) && Link is not null;
}

/// <summary>
/// Our parser and the two libraries it is measured against, each used the way an application would use it
/// on the same bytes. Library results are read generously: relative links are resolved against the feed
/// URL (neither library does it for RSS), and a title counts whether it is read as text or as HTML.
/// </summary>
public static partial class ConformanceReaders
{
    private static readonly ArticleText Text = new();

    public static ReadOutcome Ours(ConformanceCase feed)
    {
        try
        {
            var parsed = TestParsers.Feed().Parse(feed.Body, feed.Url);
            var items = parsed.Items
                .Where(i => i.Link is not null)
                .Select(i => new ReadItem([i.Title], i.Link, i.PublishedAt ?? i.UpdatedAt))
                .ToArray();
            return new ReadOutcome(parsed.Title, parsed.Description, items, null);
        }
        catch (FeedFormatException e)
        {
            return ReadOutcome.Failed(e);
        }
    }

    public static ReadOutcome CodeHollow(ConformanceCase feed)
    {
        try
        {
            var parsed = global::CodeHollow.FeedReader.FeedReader.ReadFromByteArray(feed.Body);
            var items = parsed.Items
                .Select(i => new ReadItem(Readings(i.Title), Resolve(i.Link, feed.Url), i.PublishingDate is { } d ? AsUtc(d) : null))
                .ToArray();
            return new ReadOutcome(parsed.Title, parsed.Description, items, null);
        }
        catch (Exception e)
        {
            return ReadOutcome.Failed(e);
        }
    }

    public static ReadOutcome Syndication(ConformanceCase feed)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(feed.Body));
            var parsed = SyndicationFeed.Load(reader);
            var items = parsed.Items
                .Select(i => new ReadItem(Readings(i.Title?.Text), SyndicationLink(i, feed.Url), SyndicationDate(i)))
                .ToArray();
            return new ReadOutcome(parsed.Title?.Text, parsed.Description?.Text, items, null);
        }
        catch (Exception e)
        {
            return ReadOutcome.Failed(e);
        }
    }

    /// <summary>A library title as plain text and as HTML run through our own HTML-to-text path.</summary>
    private static string[] Readings(string? title) =>
        string.IsNullOrWhiteSpace(title) ? [""] : [Collapse(title), Collapse(Text.HtmlToText(title))];

    private static string? SyndicationLink(SyndicationItem item, Uri feedUrl)
    {
        var link = item.Links.FirstOrDefault(l => string.IsNullOrEmpty(l.RelationshipType) || l.RelationshipType == "alternate");
        if (link is null)
        {
            return null;
        }

        var absolute = link.GetAbsoluteUri();
        return absolute is not null && absolute.IsAbsoluteUri ? absolute.AbsoluteUri : Resolve(link.Uri?.OriginalString, feedUrl);
    }

    private static DateTimeOffset? SyndicationDate(SyndicationItem item) =>
        item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime != default ? item.LastUpdatedTime : null;

    private static string? Resolve(string? link, Uri feedUrl) =>
        !string.IsNullOrWhiteSpace(link) && Uri.TryCreate(feedUrl, link.Trim(), out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;

    private static DateTimeOffset AsUtc(DateTime value) =>
        new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static string Collapse(string value) => Spaces().Replace(value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
