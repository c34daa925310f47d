namespace Humas.Bot.Subscriptions;

/// <summary>
/// One channel's answer to "the editors' chat(s) of institution X here": the institution's own (stored in the
/// database, set on the dashboard and seeded from <c>Institutions:N:Telegram:EditorsChatId</c>,
/// <c>Institutions:N:Teams:EditorsConversationId</c>, <c>Institutions:N:WhatsApp:EditorsNumber</c>) when it has one, else the channel's global editors' chat
/// (<c>Telegram:EditorsChatId</c>, ...), which also serves national items (no institution). Tips and alerts use
/// it; each channel registers one (<see cref="InstitutionEditorsChats"/>), a channel without editors' chats none.
/// </summary>
public interface IInstitutionEditorsChats
{
    /// <summary>The channel these chats are on ("telegram").</summary>
    string Channel { get; }

    /// <summary>Where an item of <paramref name="institutionId"/> (null: national) goes; empty when there is nowhere (or the channel is off).</summary>
    IReadOnlyList<ConversationAddress> Of(string? institutionId);

    /// <summary>True when <paramref name="at"/> is any institution's editors' chat or the global one (in any of its threads).</summary>
    bool IsEditorsChat(ConversationAddress at);

    /// <summary>
    /// True when <paramref name="at"/> is one of <see cref="Of"/>(<paramref name="institutionId"/>): only there may
    /// editors act on that institution's items from a chat (the dashboard is the national editors' place).
    /// </summary>
    bool Serves(ConversationAddress at, string? institutionId);

    /// <summary>True when some institution has an editors' chat of its own here (so which institution a tip is for decides who reads it).</summary>
    bool HasInstitutionChats { get; }
}

/// <summary>
/// The lookup every channel's resolver shares; a channel names its global chat, its institutions' own chats and,
/// where a chat has threads (Telegram's forum topics), when an address is inside one of them.
/// </summary>
public abstract class InstitutionEditorsChats : IInstitutionEditorsChats
{
    public abstract string Channel { get; }

    /// <summary>False while the channel is off: nothing is sent to its chats (which are still recognised, as configured).</summary>
    protected virtual bool Enabled => true;

    /// <summary>The channel's global editors' chat; null when none is configured.</summary>
    protected abstract ConversationAddress? Global { get; }

    /// <summary>Institutions' own editors' chats on this channel.</summary>
    protected abstract IEnumerable<(string InstitutionId, ConversationAddress Chat)> Own { get; }

    /// <summary>True when <paramref name="at"/> is in <paramref name="chat"/>; a thread of it counts where threads exist.</summary>
    protected virtual bool Within(ConversationAddress chat, ConversationAddress at) =>
        chat.Channel == at.Channel && chat.ExternalId == at.ExternalId;

    public IReadOnlyList<ConversationAddress> Of(string? institutionId) => Enabled ? Configured(institutionId) : [];

    public bool IsEditorsChat(ConversationAddress at) =>
        (Global is { } global && Within(global, at)) || Own.Any(o => Within(o.Chat, at));

    public bool Serves(ConversationAddress at, string? institutionId) => Configured(institutionId).Any(chat => Within(chat, at));

    public bool HasInstitutionChats => Enabled && Own.Any();

    private List<ConversationAddress> Configured(string? institutionId)
    {
        if (institutionId is not null)
        {
            var own = Own.Where(o => o.InstitutionId == institutionId).Select(o => o.Chat).ToList();
            if (own.Count > 0)
            {
                return own;
            }
        }

        return Global is { } global ? [global] : [];
    }
}
