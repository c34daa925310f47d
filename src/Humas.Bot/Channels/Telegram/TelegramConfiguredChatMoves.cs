using Humas.Bot.Channels.Telegram.Alerts;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Telegram;

/// <summary>
/// Warns when a chat named in configuration moved (a group upgraded to a supergroup): <c>Telegram:EditorsChatId</c>,
/// <c>Alerts:Telegram:ChatId</c> and an institution's <c>Institutions:N:Telegram:EditorsChatId</c>. The service follows
/// them through the recorded move (<see cref="ChatMoves"/>) but cannot rewrite configuration, and a move made while the
/// bot was out of the group is never seen: the warning names the setting and the value to put there.
/// </summary>
public sealed class TelegramConfiguredChatMoves(
    IOptionsMonitor<TelegramOptions> telegram,
    IOptionsMonitor<TelegramAlertOptions> alerts,
    IOptionsMonitor<InstitutionChannelOptions<TelegramInstitutionSettings>> institutions,
    ILogger<TelegramConfiguredChatMoves> log)
    : IChatMoveWatcher
{
    public void Moved(ConversationAddress from, string toExternalId)
    {
        if (from.Channel != TelegramChats.Channel
            || !TelegramChats.TryParse(from.ExternalId, out var old, out _)
            || !TelegramChats.TryParse(toExternalId, out var to, out _))
        {
            return;
        }

        foreach (var setting in Naming(old))
        {
            log.LogWarning(
                "Telegram chat {OldId} moved to the supergroup {NewId}: change {Setting} in configuration to the new id (the bot follows the move until then)",
                old, to, setting);
        }
    }

    /// <summary>The configuration keys whose value is <paramref name="chatId"/>.</summary>
    private IEnumerable<string> Naming(long chatId)
    {
        if (telegram.CurrentValue.EditorsChatId == chatId)
        {
            yield return "Telegram:EditorsChatId";
        }

        if (alerts.CurrentValue.ChatId == chatId)
        {
            yield return TelegramAlertOptions.Section + ":ChatId";
        }

        foreach (var entry in institutions.CurrentValue.Entries.Where(e => e.Settings.EditorsChatId == chatId))
        {
            yield return entry.Key + ":" + nameof(TelegramInstitutionSettings.EditorsChatId);
        }
    }
}
