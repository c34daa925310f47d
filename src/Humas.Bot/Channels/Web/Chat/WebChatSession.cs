using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// What a visitor does in the chat, mapped to the core like Telegram's update handler does: typed text is a
/// command or tip input, buttons are menu actions, uploads are tip attachments. What the visitor wrote and
/// every reply are stored, so the page shows the same history after a reload.
/// </summary>
public sealed class WebChatSession(
    SubscriptionService subscriptions,
    CommandService commands,
    WebInbox inbox,
    WebMessageFormatter format)
{
    /// <summary>The visitor's conversation, created on first contact in the page's language.</summary>
    public Task<Conversation> ConversationAsync(string visitorId, string language, CancellationToken ct) =>
        subscriptions.EnsureConversationAsync(Address(visitorId), title: null, language, ct);

    public static ConversationAddress Address(string visitorId) =>
        new(WebDeliveryChannel.ChannelName, visitorId, ConversationKind.Private);

    public async Task<IReadOnlyList<WebMessageEnvelope>> TextAsync(string visitorId, string language, string text, CancellationToken ct)
    {
        var context = await ContextAsync(visitorId, language, ct);
        var written = await inbox.AppendAsync(visitorId, WebMessageFormatter.Visitor(text), ct);
        var replies = ChatCommand.Parse(text) is { } command
            ? await commands.HandleAsync(command, context, ct)
            : await commands.MessageAsync(new TipText(context.Author, text), context, ct);
        return [written, .. await StoreAsync(visitorId, replies, ct)];
    }

    public async Task<IReadOnlyList<WebMessageEnvelope>> ButtonAsync(string visitorId, string language, string action, CancellationToken ct)
    {
        var context = await ContextAsync(visitorId, language, ct);
        return await StoreAsync(visitorId, await commands.HandleButtonAsync(action, context, ct), ct);
    }

    /// <summary>True while the visitor has a tip open: only then is an upload taken.</summary>
    public async Task<bool> IsInTipFlowAsync(string visitorId, string language, CancellationToken ct) =>
        await commands.IsInTipFlowAsync((await ContextAsync(visitorId, language, ct)).Author, ct);

    public async Task<IReadOnlyList<WebMessageEnvelope>> AttachmentAsync(
        string visitorId, string language, string handle, string? fileName, string mediaType, long size, string shownName, CancellationToken ct)
    {
        var context = await ContextAsync(visitorId, language, ct);
        var written = await inbox.AppendAsync(visitorId, WebMessageFormatter.Visitor(shownName), ct);
        var input = new TipAttachment(context.Author, WebUploads.KindOf(mediaType), handle, fileName, mediaType, size);
        return [written, .. await StoreAsync(visitorId, await commands.MessageAsync(input, context, ct), ct)];
    }

    /// <summary>
    /// The tip flow's answer when it would not take a file now (wrong step, too many files): stored with the
    /// visitor's "📎 name" line so the history says truthfully that the file was not kept. Null when it would.
    /// </summary>
    public async Task<IReadOnlyList<WebMessageEnvelope>?> RefusedAttachmentAsync(string visitorId, string language, string shownName, CancellationToken ct)
    {
        var context = await ContextAsync(visitorId, language, ct);
        if (await commands.RefuseAttachmentAsync(context.Author, null, ct) is not { } refusal)
        {
            return null;
        }

        var written = await inbox.AppendAsync(visitorId, WebMessageFormatter.Visitor(shownName), ct);
        return [written, .. await StoreAsync(visitorId, [refusal], ct)];
    }

    /// <summary>A file refused before it was stored (quota, storage full): the visitor's line and why it was not kept.</summary>
    public async Task<IReadOnlyList<WebMessageEnvelope>> NotKeptAsync(string visitorId, string shownName, string reason, CancellationToken ct)
    {
        var written = await inbox.AppendAsync(visitorId, WebMessageFormatter.Visitor(shownName), ct);
        return [written, .. await StoreAsync(visitorId, [ChatReply.Plain(reason)], ct)];
    }

    /// <summary>A file sent with no tip open: the same hint as a message outside any flow.</summary>
    public async Task<IReadOnlyList<WebMessageEnvelope>> OutsideTipAsync(string visitorId, string language, CancellationToken ct)
    {
        var context = await ContextAsync(visitorId, language, ct);
        return await StoreAsync(visitorId, await commands.MessageAsync(null, context, ct), ct);
    }

    private async Task<CommandContext> ContextAsync(string visitorId, string language, CancellationToken ct)
    {
        var conversation = await ConversationAsync(visitorId, language, ct);
        var author = new TipAuthor(WebDeliveryChannel.ChannelName, visitorId, visitorId, null, conversation.Language);
        // A visitor's chat is private: they manage their own subscriptions.
        return new CommandContext(conversation, author, _ => Task.FromResult(true));
    }

    private Task<IReadOnlyList<WebMessageEnvelope>> StoreAsync(string visitorId, IEnumerable<ChatReply> replies, CancellationToken ct) =>
        inbox.AppendAsync(visitorId, replies.Select(format.Reply), ct);
}
