using System.Diagnostics;
using Humas.Bot.Host;

namespace Humas.Bot.Conversations.Inbox;

/// <summary>
/// The span of handling one inbox item: the child of the span that stored it (the webhook request), so a button
/// press and the answer to it (sent from inside the handling) are one trace even when the leader handles the row
/// in another instance. A polled update was stored by no request; its handling starts a trace of its own.
/// </summary>
public sealed class InboxTracing() : PartTracing("Conversations")
{
    public Activity? StartHandling(string inbox, string item, int attempt, string? traceParent) =>
        Source.StartActivity("conversations.inbound", ActivityKind.Consumer, TraceParent.Parse(traceParent))
            ?.SetTag("humas.inbox", inbox).SetTag("humas.inbox.item", item).SetTag("humas.inbox.attempt", attempt);
}
