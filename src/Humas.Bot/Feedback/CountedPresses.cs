using Humas.Bot.Host;
using Humas.Bot.Feedback.Model;

namespace Humas.Bot.Feedback;

/// <summary>The key a press is remembered by once counted (<see cref="CountedPress"/>), and for how long.</summary>
public static class CountedPresses
{
    /// <summary>
    /// Longer than any inbox keeps an update it may hand over again (WhatsApp's keeps its rows 8 days, Telegram's 3).
    /// A press handled again later than this, after a service down for longer, would toggle the vote once more.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(9);

    /// <summary>
    /// The id as the adapter gave it when it fits the column, else "sha256:" and its hash (a Teams conversation id
    /// alone can be longer than the column). Adapters start their ids with their channel's name, so the two kinds never meet.
    /// </summary>
    public static string Key(string pressId) =>
        pressId.Length <= CountedPress.MaxPressIdLength
            ? pressId
            : "sha256:" + TextDigest.Sha256Hex(pressId);
}
