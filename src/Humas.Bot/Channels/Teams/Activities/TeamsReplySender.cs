using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>
/// Replies into the conversation an activity came from (a channel post's thread stays a thread), through the
/// gateway at <see cref="SendPriority.Reply"/>. A refusal or a Connector that stays throttled is logged by
/// the gateway: the activity itself was handled and committed, and failing its request would only make
/// Teams send it again.
/// </summary>
public sealed class TeamsReplySender(IChannelGateway gateway)
{
    public async Task SendAsync(Activity to, IEnumerable<ChatReply> replies, string language, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            await SendAsync(to, reply.ToMessage(language), ct);
        }
    }

    public Task SendAsync(Activity to, ChatReply reply, string language, CancellationToken ct) => SendAsync(to, [reply], language, ct);

    public Task SendAsync(Activity to, OutboundMessage message, CancellationToken ct) =>
        gateway.SendAsync(TeamsConversations.ReplyAddress(to), message, SendPriority.Reply, ct);
}
