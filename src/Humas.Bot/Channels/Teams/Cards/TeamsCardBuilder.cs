using System.Text.Json.Nodes;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Queue;

namespace Humas.Bot.Channels.Teams.Cards;

/// <summary>
/// The one place that decides how the core's messages look in Teams: Adaptive Cards 1.5 (the highest Teams
/// renders for bots) built as JSON with camelCase members and no nulls. Every pressable element carries its
/// core action string under <see cref="DataKey"/>, the same strings Telegram puts in callback_data.
/// Words come from Localization/Texts, the reaction emoji from Reactions:Options.
/// </summary>
public sealed class TeamsCardBuilder(ITexts texts, ReactionCatalog catalog)
{
    public const string Version = "1.5";
    public const string DataKey = "humas";
    public const string ReactionVerb = "reaction";

    /// <summary>The input of the tip form's free text and of the editors' Balas form.</summary>
    public const string TipTextInput = "tipText";
    public const string ReplyTextInput = "replyText";

    /// <summary>Action of the tip form's submit button: the text input becomes the tip's next text.</summary>
    public const string TipFormAction = "tipform";

    public const int MaxTitleLength = 300;
    public const int MaxSummaryLength = 1500;

    /// <summary>
    /// Institution, title, date, image, summary; the five reactions as Action.Execute with their counts
    /// (Action.Submit as fallback for clients without Universal Actions), and "Baca selengkapnya".
    /// </summary>
    public JsonObject Article(ArticleMessage article)
    {
        var lang = article.Language;
        var body = new JsonArray
        {
            Text(article.FromLine(texts), ("size", "Small"), ("isSubtle", true)),
            Text(Cut(article.Title.Trim(), MaxTitleLength), ("size", "Medium"), ("weight", "Bolder"), ("spacing", "None")),
            Text(JakartaTime.FormatDateTime(DateTime.SpecifyKind(article.PublishedAt, DateTimeKind.Utc), lang), ("size", "Small"), ("isSubtle", true), ("spacing", "None")),
        };
        if (IsWebUrl(article.ImageUrl))
        {
            body.Add(new JsonObject { ["type"] = "Image", ["url"] = article.ImageUrl, ["size"] = "Stretch", ["altText"] = Cut(article.Title.Trim(), MaxTitleLength) });
        }

        if (!string.IsNullOrWhiteSpace(article.Summary))
        {
            body.Add(Text(Cut(article.Summary.Trim(), MaxSummaryLength)));
        }

        var reactions = new JsonArray();
        foreach (var (option, i) in catalog.Options.Select((o, i) => (o, i)))
        {
            var count = i < article.ReactionCounts.Count ? article.ReactionCounts[i] : 0;
            var title = $"{option.Emoji} {count}";
            var data = Data(ReactionActionData.Encode(article.ArticleId, option.Id));
            reactions.Add(new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = title,
                ["verb"] = ReactionVerb,
                ["tooltip"] = catalog.Label(option.Id, lang),
                ["data"] = data,
                ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data.DeepClone() },
            });
        }

        body.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = reactions });
        var card = Card(body);
        card["actions"] = new JsonArray
        {
            new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = texts.Get("common.readmore", lang), ["url"] = article.Url },
        };
        return card;
    }

    /// <summary>A digest as one card: a heading and one linked line per article.</summary>
    public JsonObject Digest(DigestMessage digest)
    {
        var heading = texts.Get(digest.Period == DigestPeriod.Daily ? "common.digest.daily" : "common.digest.weekly", digest.Language);
        var part = digest.PartCount > 1 ? $" ({digest.Part}/{digest.PartCount})" : "";
        var body = new JsonArray { Text(heading + part, ("weight", "Bolder"), ("size", "Medium")) };
        foreach (var entry in digest.Entries)
        {
            body.Add(MarkdownText($"• {CardMarkdown.Link(Cut(entry.Title.Trim(), MaxTitleLength), entry.Url)} — {CardMarkdown.Escape(entry.InstitutionName)}"));
        }

        return Card(body);
    }

    /// <summary>A reply of the command core: its text, its links as numbered linked lines, and one row of Action.Submit per row of buttons.</summary>
    public JsonObject Reply(ChatReply reply, string language)
    {
        var body = new JsonArray { Text(reply.Text) };
        foreach (var (link, i) in reply.Links.Select((l, i) => (l, i)))
        {
            body.Add(MarkdownText($"{CardMarkdown.Escape($"{i + 1}.")} {CardMarkdown.Link(Cut(link.Title.Trim(), MaxTitleLength), link.Url)}", ("spacing", "Medium")));
            body.Add(Text(link.Detail, ("size", "Small"), ("isSubtle", true), ("spacing", "None")));
        }

        var isTipPrompt = reply.Buttons.SelectMany(r => r).Any(b => b.Action == CommandService.TipActionPrefix + "cancel");
        if (isTipPrompt)
        {
            // The tip form: what happened can be typed here as well as in the chat box; files go in the chat.
            body.Add(new JsonObject
            {
                ["type"] = "Input.Text",
                ["id"] = TipTextInput,
                ["isMultiline"] = true,
                ["maxLength"] = TipLimits.MaxTextLength,
                ["placeholder"] = texts.Get("teams.tip.placeholder", language),
            });
            body.Add(ActionSet([Submit(texts.Get("teams.tip.submit_text", language), TipFormAction)]));
        }

        foreach (var row in reply.Buttons)
        {
            body.Add(ActionSet(row.Select(b => Submit(b.Label, b.Action))));
        }

        return Card(body);
    }

    /// <summary>A form whose submit carries the typed text under <see cref="ReplyTextInput"/> (Balas: the editor's message for the tip's contributor).</summary>
    public JsonObject Prompt(PromptMessage prompt)
    {
        var lang = prompt.Language;
        return Card(new JsonArray
        {
            Text(prompt.Text),
            new JsonObject
            {
                ["type"] = "Input.Text",
                ["id"] = ReplyTextInput,
                ["isMultiline"] = true,
                ["isRequired"] = true,
                ["maxLength"] = TipLimits.MaxTextLength,
                ["errorMessage"] = texts.Get("teams.tips.reply_required", lang),
                ["label"] = texts.Get("teams.tips.reply_label", lang),
            },
            ActionSet([Submit(texts.Get("teams.tips.reply_send", lang), prompt.SubmitAction)]),
        });
    }

    private static JsonObject Card(JsonArray body) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = Version,
        ["body"] = body,
    };

    /// <summary>A TextBlock showing <paramref name="text"/> as it is: titles, summaries, tips and replies are never Markdown.</summary>
    private static JsonObject Text(string text, params (string Name, JsonNode Value)[] style) =>
        MarkdownText(CardMarkdown.Escape(text), style);

    /// <summary>A TextBlock whose Markdown we built ourselves, every outside part escaped.</summary>
    private static JsonObject MarkdownText(string markdown, params (string Name, JsonNode Value)[] style)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = markdown, ["wrap"] = true };
        foreach (var (name, value) in style)
        {
            block[name] = value;
        }

        return block;
    }

    private static JsonObject ActionSet(IEnumerable<JsonObject> actions) =>
        new() { ["type"] = "ActionSet", ["actions"] = new JsonArray(actions.Cast<JsonNode>().ToArray()) };

    private static JsonObject Submit(string title, string action) =>
        new() { ["type"] = "Action.Submit", ["title"] = title, ["data"] = Data(action) };

    private static JsonObject Data(string action) => new() { [DataKey] = action };

    private static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
