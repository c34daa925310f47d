using System.Globalization;
using System.Text;
using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>
/// The core's messages in the Cloud API's shapes, within Meta's limits (docs/WHATSAPP.md): an article inside the
/// 24-hour window is an interactive list (reply buttons allow only three; a list header is text only, so the
/// article's image is not shown there), outside it the approved template. A list row id and the template's
/// quick-reply payload for one article and option are the same string (<see cref="ReactionActionData"/>), so
/// either shape carries any vote.
/// </summary>
public sealed class WhatsAppMessageFormatter(ITexts texts, ReactionCatalog catalog)
{
    public const int MaxText = 4096;
    public const int MaxHeader = 60;
    public const int MaxFooter = 60;
    public const int MaxListButton = 20;
    public const int MaxRows = 10;
    public const int MaxRowTitle = 24;
    public const int MaxRowDescription = 72;
    public const int MaxReplyButtons = 3;
    public const int MaxReplyTitle = 20;
    public const int MaxInteractiveBody = 1024;
    public const int MaxTemplateParameter = 1024;

    public OutgoingMessage ArticleList(string to, ArticleMessage article)
    {
        var lang = article.Language;
        var body = new StringBuilder(article.Title);
        if (article.Summary.Length > 0)
        {
            body.Append("\n\n").Append(article.Summary);
        }

        var readMore = "\n\n" + texts.Get("whatsapp.article.readmore", lang, article.Url);
        var text = Clip(body.ToString(), MaxText - readMore.Length) + readMore;
        var rows = catalog.OptionsIn(lang)
            .Select(o => new ListRow(ReactionActionData.Encode(article.ArticleId, o.Id), Clip($"{o.Emoji} {o.Label}", MaxRowTitle), null))
            .ToList();
        return OutgoingMessage.OfInteractive(to, new Interactive(
            "list",
            new InteractiveHeader("text", Clip(article.InstitutionName, MaxHeader)),
            new TextPart(text),
            new TextPart(Clip(texts.Get("feedback.question", lang), MaxFooter)),
            new InteractiveAction(
                Button: Clip(texts.Get("whatsapp.article.react", lang), MaxListButton),
                Sections: [new ListSection(Clip(texts.Get("whatsapp.article.options", lang), MaxRowTitle), rows)])));
    }

    /// <summary>
    /// <paramref name="from"/>'s approved article template (its institution's own, else the national one): the title as
    /// its one body parameter, the five votes as quick-reply payloads.
    /// </summary>
    public OutgoingMessage ArticleTemplate(string to, ArticleMessage article, WhatsAppNumber from)
    {
        var components = new List<TemplateComponent>();
        if (from.ArticleTemplateImageHeader && article.ImageUrl is { Length: > 0 } image)
        {
            components.Add(new TemplateComponent("header", [new TemplateParameter("image", Image: new MediaLink(image))]));
        }

        components.Add(new TemplateComponent("body", [new TemplateParameter("text", Text: TemplateText(article.Title))]));
        foreach (var option in catalog.Options)
        {
            components.Add(new TemplateComponent(
                "button",
                [new TemplateParameter("payload", Payload: ReactionActionData.Encode(article.ArticleId, option.Id))],
                SubType: "quick_reply",
                Index: (option.Id - 1).ToString(CultureInfo.InvariantCulture)));
        }

        var language = from.ArticleTemplateLanguage ?? (article.Language == Languages.English ? "en" : "id");
        return OutgoingMessage.OfTemplate(to, new Template(from.ArticleTemplate, new TemplateLanguage(language), components));
    }

    public OutgoingMessage Digest(string to, DigestMessage digest)
    {
        var heading = texts.Get(digest.Period == DigestPeriod.Daily ? "common.digest.daily" : "common.digest.weekly", digest.Language);
        if (digest.PartCount > 1)
        {
            heading += $" ({digest.Part}/{digest.PartCount})";
        }

        var lines = digest.Entries.Select((e, i) => $"{i + 1}. {e.Title} ({e.InstitutionName})\n{e.Url}");
        return Text(to, heading + "\n\n" + string.Join("\n\n", lines));
    }

    public static OutgoingMessage Text(string to, string text) => OutgoingMessage.OfText(to, Clip(text, MaxText));

    /// <summary>
    /// A reply with its buttons: up to three short ones as reply buttons, more as a list of at most ten rows (the
    /// subscription menu's further institutions are named in the text: "langganan kemensos").
    /// </summary>
    public OutgoingMessage Reply(string to, ReplyMessage reply)
    {
        var language = reply.Language;
        var body = reply.PlainText();
        var buttons = reply.Buttons.SelectMany(row => row).Where(b => b.Action.Length <= 200).ToList();
        if (buttons.Count == 0)
        {
            return Text(to, body);
        }

        if (buttons.Count <= MaxReplyButtons && buttons.All(b => b.Label.Length <= MaxReplyTitle) && body.Length <= MaxInteractiveBody)
        {
            return OutgoingMessage.OfInteractive(to, new Interactive(
                "button", null, new TextPart(body), null,
                new InteractiveAction(Buttons: buttons.Select(b => new ReplyButton(new ReplyButtonReply(b.Action, b.Label))).ToList())));
        }

        var text = body;
        if (buttons.Count > MaxRows)
        {
            text += "\n\n" + texts.Get("whatsapp.menu.more", language);
        }

        var rows = buttons.Take(MaxRows)
            .Select(b => new ListRow(b.Action, Clip(b.Label, MaxRowTitle), b.Label.Length > MaxRowTitle ? Clip(b.Label, MaxRowDescription) : null))
            .ToList();
        return OutgoingMessage.OfInteractive(to, new Interactive(
            "list", null, new TextPart(Clip(text, MaxText)), null,
            new InteractiveAction(Button: Clip(texts.Get("whatsapp.menu.button", language), MaxListButton), Sections: [new ListSection(null, rows)])));
    }

    /// <summary>Meta refuses template parameters with a newline, a tab or more than four spaces in a row.</summary>
    public static string TemplateText(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return Clip(flat.Length == 0 ? "-" : flat, MaxTemplateParameter);
    }

    /// <summary>Cut to <paramref name="max"/> UTF-16 units with an ellipsis, never splitting a surrogate pair.</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }
}
