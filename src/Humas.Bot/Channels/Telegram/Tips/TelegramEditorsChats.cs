using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram.Tips;

/// <summary>
/// The editors' groups on Telegram: <c>Institutions:N:Telegram:EditorsChatId</c> for an institution's items, else
/// <c>Telegram:EditorsChatId</c>; none while Telegram is off. A forum topic of a group counts as the group. A configured
/// group that Telegram upgraded to a supergroup is followed to its new id (<see cref="ChatMoves"/>), so its editors
/// keep receiving tips and deciding them there without a change of configuration.
/// </summary>
public sealed class TelegramEditorsChats(
    IOptionsMonitor<TelegramOptions> options, IOptionsMonitor<InstitutionChannelOptions<TelegramInstitutionSettings>> institutions, ChatMoves moves)
    : InstitutionEditorsChats
{
    public override string Channel => TelegramChats.Channel;

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override ConversationAddress? Global => options.CurrentValue.EditorsChatId is { } chatId ? Group(chatId) : null;

    protected override IEnumerable<(string InstitutionId, ConversationAddress Chat)> Own =>
        institutions.CurrentValue.Configured.Where(i => i.Settings.EditorsChatId is not null).Select(i => (i.Id, Group(i.Settings.EditorsChatId!.Value)));

    protected override bool Within(ConversationAddress chat, ConversationAddress at) =>
        at.Channel == TelegramChats.Channel
        && TelegramChats.TryParse(chat.ExternalId, out var chatId, out _)
        && TelegramChats.TryParse(at.ExternalId, out var atId, out _)
        && atId == chatId;

    private ConversationAddress Group(long chatId) =>
        new(TelegramChats.Channel, TelegramChats.CurrentExternalId(moves, chatId), ConversationKind.Group);
}
