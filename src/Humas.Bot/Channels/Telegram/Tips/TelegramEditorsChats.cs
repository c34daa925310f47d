using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Tips;

/// <summary>
/// The editors' groups on Telegram: the institution's own group for its items (set on the dashboard, seeded from
/// <c>Institutions:N:Telegram:EditorsChatId</c>: <see cref="InstitutionChatMap"/>), else <c>Telegram:EditorsChatId</c>;
/// none while Telegram is off. A forum topic of a group counts as the group. A configured
/// group that Telegram upgraded to a supergroup is followed to its new id (<see cref="ChatMoves"/>), so its editors
/// keep receiving tips and deciding them there without a change of configuration.
/// </summary>
public sealed class TelegramEditorsChats(
    IOptionsMonitor<TelegramOptions> options, InstitutionChatMap institutions, ChatMoves moves)
    : InstitutionEditorsChats
{
    public override string Channel => TelegramChats.Channel;

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override ConversationAddress? Global => options.CurrentValue.EditorsChatId is { } chatId ? Group(chatId) : null;

    protected override IEnumerable<(string InstitutionId, ConversationAddress Chat)> Own =>
        institutions.Of(Channel)
            .Select(i => (i.InstitutionId, ChatId: TelegramChatFields.ChatId(i)))
            .Where(i => i.ChatId is not null)
            .Select(i => (i.InstitutionId, Group(i.ChatId!.Value)));

    protected override bool Within(ConversationAddress chat, ConversationAddress at) =>
        at.Channel == TelegramChats.Channel
        && TelegramChats.TryParse(chat.ExternalId, out var chatId, out _)
        && TelegramChats.TryParse(at.ExternalId, out var atId, out _)
        && atId == chatId;

    private ConversationAddress Group(long chatId) =>
        new(TelegramChats.Channel, TelegramChats.CurrentExternalId(moves, chatId), ConversationKind.Group);
}
