using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Conversations.Commands;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>
/// Renders the core's <see cref="ChatReply"/>s into the conversation an activity came from: plain text, or
/// an Adaptive Card when the reply has buttons. A refusal (reader blocked the bot, app removed) is logged;
/// the next delivery or installationUpdate records the state.
/// </summary>
public sealed class TeamsReplySender(ConnectorClient connector, TeamsCardBuilder cards, ILogger<TeamsReplySender> log)
{
    public async Task SendAsync(Activity to, IEnumerable<ChatReply> replies, string language, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            await SendAsync(to, reply.Buttons.Count == 0 ? Activity.FromText(reply.Text) : Activity.FromCard(cards.Reply(reply, language)), ct);
        }
    }

    public Task SendAsync(Activity to, ChatReply reply, string language, CancellationToken ct) => SendAsync(to, [reply], language, ct);

    /// <summary>Into the same conversation (a channel post's thread stays a thread).</summary>
    public async Task SendAsync(Activity to, Activity message, CancellationToken ct)
    {
        try
        {
            await connector.SendAsync(to.ServiceUrl, to.Conversation?.Id ?? "", message, ct);
        }
        catch (TeamsConnectorException e) when (e.Status is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            log.LogWarning("Reply to Teams conversation {ConversationId} refused: {Error}", to.Conversation?.Id, e.Message);
        }
    }
}
