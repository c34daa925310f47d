using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Teams;

/// <summary>Teams' limits (docs/TEAMS.md) in the gateway's terms.</summary>
public static class TeamsRateLimits
{
    /// <summary>Per conversation 7/1s, 8/2s, 60/30s, 1800/h whatever its kind, and a per-tenant rate.</summary>
    public static ChannelRateLimits For(int tenantPerSecond)
    {
        IReadOnlyList<Rate> perConversation =
        [
            new(7, TimeSpan.FromSeconds(1)),
            new(8, TimeSpan.FromSeconds(2)),
            new(60, TimeSpan.FromSeconds(30)),
            new(1800, TimeSpan.FromHours(1)),
        ];
        return new(
            [],
            Enum.GetValues<ConversationKind>().ToDictionary(k => k, _ => perConversation),
            [Rate.PerSecond(tenantPerSecond)]);
    }
}
