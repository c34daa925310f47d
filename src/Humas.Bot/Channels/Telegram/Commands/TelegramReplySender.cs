using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram.Commands;

/// <summary>
/// The core's <see cref="ChatReply"/>s into the chat (or forum topic) a command came from, through the gateway
/// at <see cref="SendPriority.Reply"/>; the adapter renders them as plain text with inline buttons. A refusal
/// (the reader blocked us or left) is logged by the gateway: retrying the update would not change it, and
/// my_chat_member (or the next delivery) records the state.
/// </summary>
public sealed class TelegramReplySender(IChannelGateway gateway)
{
    public async Task SendAsync(ConversationAddress to, string language, IEnumerable<ChatReply> replies, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            await gateway.SendAsync(to, reply.ToMessage(language), SendPriority.Reply, ct);
        }
    }
}
