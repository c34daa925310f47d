using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>The Cloud API's limits (docs/WHATSAPP.md) in the gateway's terms.</summary>
public static class WhatsAppRateLimits
{
    public static readonly TimeSpan PairWindow = TimeSpan.FromMinutes(3);

    /// <summary>
    /// <paramref name="messagesPerSecond"/> for the number (80 by default, up to 1,000 once Meta upgrades it),
    /// and <paramref name="perReaderPerMinute"/> on average into one reader's chat: Meta's pair rate is about one
    /// message per 6 s (10 a minute), and a burst of up to about 45 borrows from later. The window is
    /// <see cref="PairWindow"/> long, so a conversation (a tip's questions and answers) may use three minutes'
    /// worth at once (30 by default, under Meta's burst) and then slows to the average. Every WhatsApp
    /// conversation is private (one reader's phone).
    /// </summary>
    public static ChannelRateLimits For(int messagesPerSecond, int perReaderPerMinute = 10) =>
        new(
            [Rate.PerSecond(messagesPerSecond)],
            new Dictionary<ConversationKind, IReadOnlyList<Rate>>
            {
                [ConversationKind.Private] = [new Rate(perReaderPerMinute * (int)PairWindow.TotalMinutes, PairWindow)],
            },
            []);
}
