using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// A stored update's JSON to Telegram.Bot's <see cref="Update"/>, strictly: parsed without duplicate property
/// names (a second "chat": null would otherwise win over the first), checked by <see cref="TelegramUpdateShape"/>,
/// then read with the library's own options. Anything that fails is reported, never thrown, so one odd
/// update is set aside and the inbox moves on.
/// </summary>
internal static class TelegramUpdateReader
{
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private static readonly JsonSerializerOptions LibraryOptions = new(JsonBotAPI.Options) { AllowDuplicateProperties = false };

    public static bool TryRead(string payload, out Update? update, out string? error)
    {
        update = null;
        try
        {
            using var document = JsonDocument.Parse(payload, ParseOptions);
            error = TelegramUpdateShape.Check(document.RootElement);
            if (error is not null)
            {
                return false;
            }

            update = document.RootElement.Deserialize<Update>(LibraryOptions);
            error = update is null ? "update: null" : null;
            return update is not null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            error = e.Message;
            return false;
        }
    }
}
