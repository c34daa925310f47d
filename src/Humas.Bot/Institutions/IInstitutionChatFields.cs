namespace Humas.Bot.Institutions;

/// <summary>
/// One field of an institution's editors' chat on a channel, as the dashboard shows it: <see cref="Name"/> is the
/// key under <c>Institutions:N:&lt;Channel&gt;</c> and in <see cref="InstitutionChatSetting"/>, <see cref="LabelKey"/>
/// a text key of admin.json, <see cref="Example"/> the placeholder shown in the empty input.
/// </summary>
public sealed record InstitutionChatField(string Name, string LabelKey, string Example);

/// <summary>
/// A channel's editors' chat fields for each institution (Telegram: the group's chat id; Teams: the conversation id
/// and its service URL; WhatsApp: the editors' number), so the core can seed them from configuration and the
/// dashboard can show and set them without knowing any channel. Each channel with editors' chats registers one.
/// </summary>
public interface IInstitutionChatFields
{
    /// <summary>The channel the fields belong to ("telegram"), as in <see cref="InstitutionChatSetting.Channel"/>.</summary>
    string Channel { get; }

    /// <summary>The channel's name on the dashboard ("Telegram").</summary>
    string Title { get; }

    IReadOnlyList<InstitutionChatField> Fields { get; }

    /// <summary>The values configuration gives institutions (<c>Institutions:N:&lt;Channel&gt;:...</c>), by field name; only those it sets.</summary>
    IEnumerable<(string InstitutionId, IReadOnlyDictionary<string, string> Values)> Configured { get; }

    /// <summary>
    /// Checks an institution's values as typed on the dashboard (every field present, trimmed, "" = none) and puts
    /// each in the form it is stored in. Returns null when they may be stored, else the admin.json text key saying
    /// why not (its one argument is the refused value).
    /// </summary>
    (string Reason, string Value)? Check(IDictionary<string, string> values);

    /// <summary>
    /// The values to store instead of <paramref name="stored"/> now that the channel's conversation
    /// <paramref name="fromExternalId"/>, seen through <paramref name="account"/> (as in <c>ConversationAddress.Account</c>),
    /// lives under <paramref name="toExternalId"/> (a Telegram group upgraded to a supergroup); null when the stored chat
    /// is not that conversation. The default: the channel's chats never move.
    /// </summary>
    IReadOnlyDictionary<string, string>? Moved(InstitutionChatValues stored, string account, string fromExternalId, string toExternalId) => null;
}
