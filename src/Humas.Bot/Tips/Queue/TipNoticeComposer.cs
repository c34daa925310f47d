using System.Globalization;
using Humas.Bot.Localization;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Tips.Queue;

/// <summary>The texts of notices, from tips.json: editors read Indonesian, contributors their own language.</summary>
public sealed class TipNoticeComposer(ITexts texts)
{
    private const string EditorsLanguage = Languages.Indonesian;

    public TipEditorNotice NewTip(Tip tip, int attachments)
    {
        var none = texts.Get("tips.summary_none", EditorsLanguage);
        var from = tip.Unit is null
            ? tip.AuthorName ?? $"{tip.Channel}:{tip.UserExternalId}"
            : $"{tip.AuthorName ?? tip.UserExternalId} ({tip.InstitutionId}, {tip.Unit})";
        var text = texts.Get("tips.editors.new", EditorsLanguage, tip.Ticket, from, tip.Text, attachments,
            Location(tip.Latitude, tip.Longitude) ?? none, Contact(tip.ContactPhone, tip.ContactName) ?? none);
        return new TipEditorNotice(tip.Id, tip.Ticket, TipNoticeKind.NewTip, text,
        [
            new TipButton("accept", texts.Get("tips.button.accept", EditorsLanguage)),
            new TipButton("decline", texts.Get("tips.button.decline", EditorsLanguage)),
            new TipButton("reply", texts.Get("tips.button.reply", EditorsLanguage)),
        ], tip.InstitutionId);
    }

    public TipEditorNotice Answer(Tip tip, string answer) =>
        new(tip.Id, tip.Ticket, TipNoticeKind.ContributorMessage,
            texts.Get("tips.editors.answer", EditorsLanguage, tip.Ticket, tip.AuthorName ?? $"{tip.Channel}:{tip.UserExternalId}", answer), [], tip.InstitutionId);

    public TipContributorNotice Decision(Tip tip, TipState state, string? note)
    {
        var kind = state == TipState.Accepted ? TipNoticeKind.Accepted : TipNoticeKind.Declined;
        var text = texts.Get(kind == TipNoticeKind.Accepted ? "tips.notice.accepted" : "tips.notice.declined", tip.Language, tip.Ticket);
        if (!string.IsNullOrWhiteSpace(note))
        {
            text += "\n\n" + texts.Get("tips.notice.note", tip.Language, note.Trim());
        }

        return ToContributor(tip, kind, text);
    }

    /// <summary>A bundle was sent on its own after the quiet period: the ticket, as the guided flow's Kirim answers it.</summary>
    public TipContributorNotice Submitted(Tip tip) =>
        ToContributor(tip, TipNoticeKind.Submitted, texts.Get("tips.submitted", tip.Language, tip.Ticket));

    /// <summary>A bundle given up after its last failed attempt (<see cref="Flow.TipBundles"/>): nothing was sent, so there is no ticket.</summary>
    public TipContributorNotice BundleGivenUp(TipDraft draft) =>
        new(0, "", TipNoticeKind.BundleGivenUp, draft.Channel, draft.ConversationExternalId, draft.UserExternalId, draft.Language,
            texts.Get("tips.bundle.given_up", draft.Language));

    public TipContributorNotice Published(Tip tip, string title, string url) =>
        ToContributor(tip, TipNoticeKind.Published, texts.Get("tips.notice.published", tip.Language, tip.Ticket, title, url));

    public TipContributorNotice EditorMessage(Tip tip, string message) =>
        ToContributor(tip, TipNoticeKind.EditorMessage, texts.Get("tips.notice.editor_message", tip.Language, tip.Ticket, message));

    public static string? Location(double? latitude, double? longitude) =>
        latitude is { } lat && longitude is { } lon ? string.Create(CultureInfo.InvariantCulture, $"{lat:0.#####}, {lon:0.#####}") : null;

    public static string? Contact(string? phone, string? name) =>
        phone is null ? null : name is null ? phone : $"{name} ({phone})";

    private static TipContributorNotice ToContributor(Tip tip, TipNoticeKind kind, string text) =>
        new(tip.Id, tip.Ticket, kind, tip.Channel, tip.ConversationExternalId, tip.UserExternalId, tip.Language, text);
}
