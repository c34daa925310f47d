using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Conversations.Commands;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>
/// Renders the core's <see cref="ChatReply"/>s into the conversation an activity came from: plain text, or
/// an Adaptive Card when the reply has buttons or links. A refusal (reader blocked the bot, app removed) is logged;
/// the next delivery or installationUpdate records the state. A throttled or failing Connector gets one retry
/// after a short wait and is then logged too: the activity itself was handled and committed, and failing its
/// request would only make Teams send it again.
/// </summary>
public sealed class TeamsReplySender(ConnectorClient connector, TeamsCardBuilder cards, ILogger<TeamsReplySender> log)
{
    public async Task SendAsync(Activity to, IEnumerable<ChatReply> replies, string language, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            var plain = reply.Buttons.Count == 0 && reply.Links.Count == 0;
            await SendAsync(to, plain ? Activity.FromText(reply.Text) : Activity.FromCard(cards.Reply(reply, language)), ct);
        }
    }

    public Task SendAsync(Activity to, ChatReply reply, string language, CancellationToken ct) => SendAsync(to, [reply], language, ct);

    /// <summary>Into the same conversation (a channel post's thread stays a thread).</summary>
    public async Task SendAsync(Activity to, Activity message, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connector.SendAsync(to.ServiceUrl, to.Conversation?.Id ?? "", message, ct);
                return;
            }
            catch (TeamsConnectorException e) when (attempt == 1 && Transient(e))
            {
                await Task.Delay(RetryWait(e), ct);
            }
            catch (TeamsConnectorException e)
            {
                log.LogWarning("Reply to Teams conversation {ConversationId} not sent: {Error}", to.Conversation?.Id, e.Message);
                return;
            }
        }
    }

    /// <summary>Replies wait at most this long for a retry, well inside the 15 s Teams gives an activity's request.</summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(2);

    private static bool Transient(TeamsConnectorException e) =>
        (int)e.Status is 412 or 429 or 502 or 503 or 504 && (e.RetryAfter is null || e.RetryAfter <= MaxRetryWait);

    private static TimeSpan RetryWait(TeamsConnectorException e) => e.RetryAfter ?? TimeSpan.FromSeconds(1);
}
