using Humas.Bot.Alerts;
using Humas.Bot.Channels.Telegram.Tips;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Alerts;

/// <summary><c>Alerts:Telegram</c>: the operators' Telegram chat.</summary>
public sealed class TelegramAlertOptions
{
    public const string Section = "Alerts:Telegram";

    /// <summary>The operators' group or private chat id; empty = operators get no alerts on Telegram.</summary>
    public long? ChatId { get; set; }
}

/// <summary>
/// Telegram's alert chats: the institution's editors' group and <c>Alerts:Telegram:ChatId</c> (followed to its new id
/// when Telegram upgraded the group, like the editors' groups); none while Telegram is off.
/// </summary>
public sealed class TelegramAlertDelivery(
    IOptionsMonitor<TelegramOptions> telegram, IOptionsMonitor<TelegramAlertOptions> options, TelegramEditorsChats editors, ChatMoves moves)
    : AlertChats(editors)
{
    protected override bool Enabled => telegram.CurrentValue.Enabled;

    protected override ConversationAddress? OperatorsChat =>
        options.CurrentValue.ChatId is { } id
            ? new ConversationAddress(
                TelegramChats.Channel, TelegramChats.CurrentExternalId(moves, id), id < 0 ? ConversationKind.Group : ConversationKind.Private)
            : null;
}
