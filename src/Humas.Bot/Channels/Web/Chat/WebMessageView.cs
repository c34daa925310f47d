using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Feedback;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// What the chat page renders, channel-specific like Telegram's HTML: plain text (the page never inserts it
/// as markup), an article card with its five reaction options, a digest, and rows of buttons.
/// </summary>
/// <param name="Kind">"article", "digest", "text" (from the bot) or "visitor" (what the visitor wrote).</param>
public sealed record WebMessageView(
    string Kind,
    string? Text = null,
    WebArticleView? Article = null,
    WebDigestView? Digest = null,
    IReadOnlyList<IReadOnlyList<WebButtonView>>? Buttons = null,
    IReadOnlyList<WebLinkView>? Links = null);

public sealed record WebArticleView(
    string ArticleId,
    string Institution,
    string Title,
    string Summary,
    string Url,
    string? ImageUrl,
    DateTime PublishedAt,
    string Question,
    IReadOnlyList<ReactionsResponseOption> Options);

public sealed record WebDigestView(string Title, int Part, int PartCount, IReadOnlyList<WebDigestEntryView> Entries);

public sealed record WebDigestEntryView(string ArticleId, string Institution, string Title, string Url);

public sealed record WebButtonView(string Label, string Action);

/// <summary>An article offered by a reply (search, latest): the page shows the title as a link and the detail below it.</summary>
public sealed record WebLinkView(string Title, string Url, string Detail);

/// <summary>A stored message as the page receives it (history and live events).</summary>
public sealed record WebMessageEnvelope(long Id, DateTime CreatedAt, DateTime UpdatedAt, bool Deleted, WebMessageView? Message);

public sealed record WebMessageList(IReadOnlyList<WebMessageEnvelope> Messages);

public sealed record WebTextRequest(string? Text);

public sealed record WebButtonRequest(string? Action);

public sealed record WebReactRequest(string? ArticleId, int? OptionId);

public sealed record VisitorIssued(string VisitorId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebMessageView))]
[JsonSerializable(typeof(WebMessageEnvelope))]
[JsonSerializable(typeof(WebMessageList))]
[JsonSerializable(typeof(WebTextRequest))]
[JsonSerializable(typeof(WebButtonRequest))]
[JsonSerializable(typeof(WebReactRequest))]
[JsonSerializable(typeof(VisitorIssued))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
public sealed partial class WebJsonContext : JsonSerializerContext;
