using System.Globalization;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// What a visitor does in the chat, mapped to the core's events like every channel's: typed text is a command or
/// text, buttons are presses, uploads are files. The router's replies go through the gateway, which stores them
/// for the visitor (<see cref="WebDeliveryChannel"/>); the HTTP answer returns what was written (the visitor's own
/// line and the replies), so the page shows them at once and the same history after a reload.
/// </summary>
public sealed class WebChatSession(
    SubscriptionService subscriptions,
    InboundRouter router,
    WebInbox inbox,
    WebMessageFormatter format)
{
    /// <summary>The visitor's conversation, created on first contact in the page's language.</summary>
    public Task<Conversation> ConversationAsync(string visitorId, string language, CancellationToken ct) =>
        subscriptions.EnsureConversationAsync(Address(visitorId), title: null, language, ct);

    public static ConversationAddress Address(string visitorId) =>
        new(WebDeliveryChannel.ChannelName, visitorId, ConversationKind.Private);

    /// <summary>A visitor is known by their signed visitor id only; the page's language is their language hint.</summary>
    public static Sender Visitor(string visitorId, string language) => new(visitorId, null, language);

    public async Task<IReadOnlyList<WebMessageEnvelope>> TextAsync(string visitorId, string language, string text, CancellationToken ct)
    {
        var written = await inbox.AppendAsync(visitorId, WebMessageFormatter.Visitor(text), ct);
        InboundEvent e = ChatCommand.Parse(text) is { } command
            ? new CommandReceived(Address(visitorId), Visitor(visitorId, language), Id(written), command.Word, command.Argument)
            : new TextReceived(Address(visitorId), Visitor(visitorId, language), Id(written), text);
        return [written, .. await RouteAsync(visitorId, e, ct)];
    }

    public Task<IReadOnlyList<WebMessageEnvelope>> ButtonAsync(string visitorId, string language, string action, CancellationToken ct) =>
        RouteAsync(visitorId, new ButtonPressed(Address(visitorId), Visitor(visitorId, language), null, action, null), ct);

    public async Task<IReadOnlyList<WebMessageEnvelope>> AttachmentAsync(
        string visitorId, string language, string handle, string? fileName, string mediaType, long size, string shownName, CancellationToken ct)
    {
        var written = await inbox.AppendAsync(visitorId, WebMessageFormatter.Visitor(shownName), ct);
        var file = new AttachmentReceived(Address(visitorId), Visitor(visitorId, language), Id(written), WebUploads.KindOf(mediaType), handle, fileName, mediaType, size);
        return [written, .. await RouteAsync(visitorId, file, ct)];
    }

    /// <summary>
    /// The tip flow's answer when it would not take a file now (blocked, today's tips used up, wrong step, too many files): stored with the
    /// visitor's "📎 name" line so the history says truthfully that the file was not kept. Null when it would.
    /// </summary>
    public async Task<IReadOnlyList<WebMessageEnvelope>?> RefusedAttachmentAsync(string visitorId, string language, string shownName, CancellationToken ct)
    {
        if (await router.RefuseFileAsync(Address(visitorId), Visitor(visitorId, language), null, ct) is not { } refusal)
        {
            return null;
        }

        return await NotKeptAsync(visitorId, shownName, refusal, ct);
    }

    /// <summary>A file refused before it was stored (quota, storage full): the visitor's line and why it was not kept.</summary>
    public Task<IReadOnlyList<WebMessageEnvelope>> NotKeptAsync(string visitorId, string shownName, string reason, CancellationToken ct) =>
        NotKeptAsync(visitorId, shownName, ChatReply.Plain(reason), ct);

    /// <summary>
    /// The upload's own refusals, answered on the upload's response before the file reached the core: stored here,
    /// beside the visitor's line, rather than sent, because the file never became an event.
    /// </summary>
    private async Task<IReadOnlyList<WebMessageEnvelope>> NotKeptAsync(string visitorId, string shownName, ChatReply reply, CancellationToken ct)
    {
        var written = await inbox.AppendAsync(visitorId, WebMessageFormatter.Visitor(shownName), ct);
        return [written, .. await inbox.AppendAsync(visitorId, [format.Reply(reply)], ct)];
    }

    /// <summary>The event to the router; the replies it sent (stored by the gateway's web adapter) read back for the response.</summary>
    private async Task<IReadOnlyList<WebMessageEnvelope>> RouteAsync(string visitorId, InboundEvent e, CancellationToken ct)
    {
        var outcome = await router.HandleAsync(e, ct);
        var ids = outcome.Sent
            .Select(s => long.TryParse(s.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>()
            .ToList();
        return await inbox.ReadAsync(visitorId, ids, ct);
    }

    private static string Id(WebMessageEnvelope written) => written.Id.ToString(CultureInfo.InvariantCulture);
}
