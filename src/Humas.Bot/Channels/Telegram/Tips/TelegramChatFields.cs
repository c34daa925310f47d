using System.Globalization;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Tips;

/// <summary>
/// An institution's editors' group on Telegram as the core stores it and the dashboard sets it: one field, the
/// group's chat id (<c>Institutions:N:Telegram:EditorsChatId</c>), any non-zero integer as configuration accepts
/// (a group's is negative; a private chat's positive id is accepted as configuration does).
/// </summary>
public sealed class TelegramChatFields(IOptionsMonitor<InstitutionChannelOptions<TelegramInstitutionSettings>> institutions) : IInstitutionChatFields
{
    public const string EditorsChatId = nameof(TelegramInstitutionSettings.EditorsChatId);

    public string Channel => TelegramChats.Channel;

    public string Title => "Telegram";

    public IReadOnlyList<InstitutionChatField> Fields { get; } = [new(EditorsChatId, "admin.institutions.chats.telegram_group", "-1001234567890")];

    public IEnumerable<(string InstitutionId, IReadOnlyDictionary<string, string> Values)> Configured =>
        institutions.CurrentValue.Configured
            .Where(i => i.Settings.EditorsChatId is not null)
            .Select(i => (i.Id, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
            {
                [EditorsChatId] = i.Settings.EditorsChatId!.Value.ToString(CultureInfo.InvariantCulture),
            }));

    public (string Reason, string Value)? Check(IDictionary<string, string> values)
    {
        var typed = values[EditorsChatId];
        if (typed.Length == 0)
        {
            return null;
        }

        if (Parse(typed) is not { } chatId)
        {
            return ("admin.institutions.chats.bad_telegram", typed);
        }

        values[EditorsChatId] = chatId.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>
    /// The stored group with its new id when the moved chat is that group (a forum topic of it counts as the group).
    /// Only a move the national bot saw counts: editors' groups are reached through it (<see cref="TelegramEditorsChats"/>
    /// addresses them with the shared account), and an institution's own bot's view of another chat is not its business.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Moved(InstitutionChatValues stored, string account, string fromExternalId, string toExternalId)
    {
        if (account != ConversationAddress.SharedAccount
            || ChatId(stored) is not { } chatId
            || !TelegramChats.TryParse(fromExternalId, out var from, out _) || from != chatId
            || !TelegramChats.TryParse(toExternalId, out var to, out _) || to == chatId)
        {
            return null;
        }

        return new Dictionary<string, string>(stored.Values, StringComparer.Ordinal) { [EditorsChatId] = to.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>The stored group of an institution; null when it has none (or the row is not a chat id).</summary>
    public static long? ChatId(InstitutionChatValues stored) => stored[EditorsChatId] is { } value ? Parse(value) : null;

    private static long? Parse(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) && id != 0 ? id : null;
}
