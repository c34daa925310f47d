using System.Collections.Concurrent;
using Humas.Bot.Alerts.Detectors;

namespace Humas.Bot.Alerts;

/// <summary>
/// <see cref="ICredentialsMonitor"/> over the incident log. Remembers the last verdict per platform in memory so that
/// only a change writes; the first accepted call after a start resolves an incident a previous run left open.
/// </summary>
public sealed partial class CredentialIncidents(IncidentLog incidents, TimeProvider time, ILogger<CredentialIncidents> log) : ICredentialsMonitor
{
    private readonly ConcurrentDictionary<string, bool> _rejected = new(StringComparer.Ordinal);

    public static string KeyOf(string platform) => "token:" + platform;

    /// <summary>
    /// The platform name of one of a channel's bots or numbers: the channel's own for the national one
    /// (<paramref name="account"/> empty), <c>{channel}:{institution}</c> for an institution's own (<c>telegram:kemensos</c>).
    /// </summary>
    public static string PlatformOf(string channel, string account) => account.Length == 0 ? channel : channel + ":" + account;

    public async Task RejectedAsync(string platform, string reason, CancellationToken ct)
    {
        if (_rejected.TryGetValue(platform, out var was) && was)
        {
            return;
        }

        _rejected[platform] = true;
        await RecordAsync(platform, () => incidents.ObserveAsync(
            new Finding(KeyOf(platform), IncidentKind.TokenRejected, null, $"{platform}: the platform rejected the bot's credentials ({reason})"),
            time.GetUtcNow().UtcDateTime, CancellationToken.None));
    }

    public async Task AcceptedAsync(string platform, CancellationToken ct)
    {
        if (_rejected.TryGetValue(platform, out var was) && !was)
        {
            return;
        }

        _rejected[platform] = false;
        await RecordAsync(platform, () => incidents.ResolveAsync(KeyOf(platform), time.GetUtcNow().UtcDateTime, CancellationToken.None));
    }

    /// <summary>Never fails the platform call that reported it; a verdict not written is written at the next change.</summary>
    private async Task RecordAsync(string platform, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e)
        {
            _rejected.TryRemove(platform, out _);
            LogNotRecorded(e, platform);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the credentials verdict for {Platform}")]
    private partial void LogNotRecorded(Exception exception, string platform);
}
