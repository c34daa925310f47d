namespace Humas.Bot.Alerts;

/// <summary>
/// Where a channel reports what a platform says of its bot's credentials (Telegram's 401, a refused Teams token
/// request, WhatsApp's 190): a refusal opens a <see cref="IncidentKind.TokenRejected"/> incident (key
/// <c>token:{platform}</c>), the next accepted call resolves it. Cheap to call on every response: only a change
/// touches the database.
/// </summary>
public interface ICredentialsMonitor
{
    Task RejectedAsync(string platform, string reason, CancellationToken ct);

    Task AcceptedAsync(string platform, CancellationToken ct);
}
