using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram.Tips;

/// <summary><c>Telegram:EditorsChatId</c>, the editors' group that receives new tips; none while Telegram is off.</summary>
public sealed class TelegramEditorsChat(IOptionsMonitor<TelegramOptions> options) : ITipEditorsChat
{
    public ConversationAddress? Address => options.CurrentValue is { Enabled: true, EditorsChatId: { } chatId }
        ? new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(chatId), ConversationKind.Group)
        : null;

    /// <summary>The editors' group, in any of its forum topics.</summary>
    public bool Is(ConversationAddress at) =>
        options.CurrentValue.EditorsChatId is { } chatId
        && at.Channel == TelegramChats.Channel
        && TelegramChats.TryParse(at.ExternalId, out var id, out _)
        && id == chatId;
}
