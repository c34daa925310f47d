using System.Collections.Concurrent;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// Phone number ids the webhook was posted for that are neither the national number nor an institution's (another
/// number of the same Meta app, or one taken out of configuration). Their changes are acknowledged (200, so Meta stops
/// retrying) and dropped, and each id is logged once per process: Meta may post a busy number's traffic many times a
/// second. At most <see cref="MaxRemembered"/> ids are remembered; past that, a new id is logged every time.
/// </summary>
public sealed class WhatsAppUnknownNumbers(ILogger<WhatsAppUnknownNumbers> log)
{
    public const int MaxRemembered = 1_000;

    private readonly ConcurrentDictionary<string, byte> _logged = new(StringComparer.Ordinal);

    public void Seen(string phoneNumberId)
    {
        if (_logged.ContainsKey(phoneNumberId) || (_logged.Count < MaxRemembered && !_logged.TryAdd(phoneNumberId, 0)))
        {
            return;
        }

        log.LogWarning(
            "WhatsApp webhook for phone number id {PhoneNumberId}, which is neither WhatsApp:PhoneNumberId nor any Institutions:N:WhatsApp:PhoneNumberId: acknowledged and dropped (logged once)",
            phoneNumberId);
    }
}
