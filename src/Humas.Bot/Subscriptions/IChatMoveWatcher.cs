namespace Humas.Bot.Subscriptions;

/// <summary>
/// Told once of each new move <see cref="ChatMoveStore"/> records (a redelivered one is not new), so a channel can
/// say what only it knows: which of its settings from configuration named the old chat and must now be changed by
/// an operator (the service cannot rewrite configuration). Each channel registers at most one.
/// </summary>
public interface IChatMoveWatcher
{
    /// <summary>The chat <paramref name="from"/> lives under <paramref name="toExternalId"/> now. Quick and without I/O beyond logs.</summary>
    void Moved(ConversationAddress from, string toExternalId);
}
