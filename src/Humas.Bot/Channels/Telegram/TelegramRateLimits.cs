using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram;

/// <summary>Telegram's limits (docs/TELEGRAM.md) in the gateway's terms.</summary>
public static class TelegramRateLimits
{
    /// <summary>
    /// <paramref name="botPerSecond"/> overall (30 by default, up to 1000 with paid broadcast), 1/s into one
    /// private chat, and 1/s plus 20/min into a group or channel.
    /// </summary>
    public static ChannelRateLimits For(int botPerSecond, int privatePerSecond = 1, int groupPerMinute = 20) =>
        new(
            [Rate.PerSecond(botPerSecond)],
            new Dictionary<ConversationKind, IReadOnlyList<Rate>>
            {
                [ConversationKind.Private] = [Rate.PerSecond(privatePerSecond)],
                [ConversationKind.Group] = [Rate.PerSecond(1), Rate.PerMinute(groupPerMinute)],
                [ConversationKind.Channel] = [Rate.PerSecond(1), Rate.PerMinute(groupPerMinute)],
            },
            []);
}
