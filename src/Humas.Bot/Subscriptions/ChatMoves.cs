using System.Collections.Frozen;

namespace Humas.Bot.Subscriptions;

/// <summary>
/// Where moved chats live now (<see cref="ChatMove"/>), for ids that come from configuration. The adapters ask
/// <see cref="Current"/> on every look-up, so it answers from memory; <see cref="ChatMoveStore"/> keeps it filled.
/// Moves are rare (a group is upgraded once), so all of them are held.
/// </summary>
public sealed class ChatMoves
{
    /// <summary>A chain longer than this is a loop in the data, not a chat moved that often.</summary>
    private const int MaxHops = 8;

    private FrozenDictionary<(string Channel, string From), string> _moves = FrozenDictionary<(string, string), string>.Empty;

    /// <summary>The id <paramref name="externalId"/> of <paramref name="channel"/> lives under now (itself when it never moved).</summary>
    public string Current(string channel, string externalId)
    {
        var moves = Volatile.Read(ref _moves);
        for (var hop = 0; hop < MaxHops && moves.TryGetValue((channel, externalId), out var to); hop++)
        {
            externalId = to;
        }

        return externalId;
    }

    /// <summary>Every move known, as read from the database.</summary>
    internal void Replace(IEnumerable<(string Channel, string From, string To)> moves) =>
        Volatile.Write(ref _moves, moves.ToFrozenDictionary(m => (m.Channel, m.From), m => m.To));
}
