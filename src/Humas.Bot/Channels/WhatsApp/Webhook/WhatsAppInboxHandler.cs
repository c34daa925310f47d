using Humas.Bot.Conversations.Inbox;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>One stored webhook item: a reader's message to <see cref="WhatsAppMessageHandler"/>, a status to <see cref="WhatsAppStatusHandler"/>.</summary>
public sealed class WhatsAppInboxHandler(WhatsAppMessageHandler messages, WhatsAppStatusHandler statuses) : IInboxHandler<WhatsAppInboxItem>
{
    public async Task<string?> HandleAsync(WhatsAppInboxItem item, CancellationToken ct)
    {
        if (item.Kind != WhatsAppItemKind.Message)
        {
            await statuses.HandleAsync(item, ct);
            return null;
        }

        if (!WhatsAppMessageReader.TryRead(item.Payload, out var message, out var error))
        {
            return error ?? "not a message";
        }

        await messages.HandleAsync(message!, item.Account, ct);
        return null;
    }
}
