namespace Humas.Bot.Subscriptions;

/// <summary>
/// A chat that now lives under another id: a Telegram group upgraded to a supergroup. Kept so that ids written in
/// configuration (an editors' group, the operators' alert chat) follow the chat instead of going silent.
/// </summary>
public sealed class ChatMove
{
    public required string Channel { get; set; }
    public required string FromExternalId { get; set; }
    public required string ToExternalId { get; set; }
    public DateTime MovedAt { get; set; }
}
