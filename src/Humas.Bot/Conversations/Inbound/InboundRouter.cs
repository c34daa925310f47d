using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Editors;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Conversations.Inbound;

/// <summary>
/// The one way in. Every adapter maps its wire format to an <see cref="InboundEvent"/> and hands it here; the
/// router decides what it means, the same on every channel:
/// <list type="bullet">
/// <item>a button: a vote (<see cref="VotePresses"/>), an editor's decision (<see cref="TipEditorDesk"/>) or a menu
/// (<see cref="CommandService.HandleButtonAsync"/>) — the one place that routes on a button's prefix;</item>
/// <item>a command: <see cref="CommandService.HandleAsync"/>;</item>
/// <item>text, files, a location or a contact in a private chat: tip input while a tip is open, else the hint (or an
/// institution search); in a group only an editor's reply to the bot's Balas prompt is acted on — groups talk among
/// themselves and create no conversation by chatting;</item>
/// <item>membership and moves: the conversation's state.</item>
/// </list>
/// Replies go back through <see cref="IChannelGateway"/> (replies at <see cref="SendPriority.Reply"/>, toasts at
/// Interactive). What only one platform does (a broadcast channel that must never be answered, a command addressed
/// to another bot) is filtered by its adapter before an event is made.
/// </summary>
public sealed class InboundRouter(
    SubscriptionService subscriptions,
    CommandService commands,
    VotePresses votes,
    TipEditorDesk editors,
    IChannelGateway gateway,
    IDbContextFactory<HumasDbContext> factory,
    ChatMoveStore chatMoves,
    ITexts texts,
    ILogger<InboundRouter> log)
{
    public async Task<InboundOutcome> HandleAsync(InboundEvent e, CancellationToken ct)
    {
        switch (e)
        {
            case ButtonPressed press when VotePresses.IsVote(press.Payload):
                return await votes.PressAsync(press, ct);
            case ButtonPressed press when TipEditorDesk.IsEditorsData(press.Payload):
                await editors.PressAsync(EditorsPress(press), ct);
                return InboundOutcome.None;
            case ButtonPressed press:
                return await MenuAsync(press, ct);
            case MembershipChanged change:
                await MembershipAsync(change, ct);
                return InboundOutcome.None;
            case ConversationMoved moved:
                await MoveAsync(moved, ct);
                return InboundOutcome.None;
        }

        if (e is TextReceived { BareCommands: true, Text: { Length: > 0 } words }
            && ChatCommand.Parse("/" + words) is { Name: not CommandName.Unknown } bare)
        {
            var context = await ContextAsync(e, ct);
            if (context.IsShared || !await commands.IsInTipFlowAsync(context.Author, ct))
            {
                return await SendAsync(e, context, await commands.HandleAsync(bare, context, ct), ct);
            }
        }

        if (e is CommandReceived command)
        {
            var context = await ContextAsync(e, ct);
            var parsed = new ChatCommand(CommandCatalog.Resolve(command.Word.ToLowerInvariant()), command.Word.ToLowerInvariant(), command.Argument, null);
            return await SendAsync(e, context, await commands.HandleAsync(parsed, context, ct), ct);
        }

        if (e.Conversation.Kind != ConversationKind.Private)
        {
            // Groups talk among themselves; the bot speaks there only when addressed, or when an editor answers its prompt.
            if (e is TextReceived { Quoting: { } quoted } text)
            {
                await editors.TryRelayAsync(new EditorsText(e.Conversation, ReplyAddress(e), e.From.Name, text.Text, e.MessageId, quoted.Text, quoted.FromBot), ct);
            }

            return InboundOutcome.None;
        }

        return await PrivateMessageAsync(e, ct);
    }

    /// <summary>True while the sender has a tip open (a channel that takes uploads itself asks before reading one).</summary>
    public async Task<bool> IsInTipFlowAsync(ConversationAddress at, Sender from, CancellationToken ct) =>
        await commands.IsInTipFlowAsync((await ContextAsync(new OtherReceived(at, from, null), ct)).Author, ct);

    /// <summary>
    /// What the tip flow would answer to a file of <paramref name="size"/> bytes arriving now if it would not take it
    /// (no tip open, wrong step, too many files, too large); null when it would. A channel that stores files itself
    /// asks before writing a byte, so a refused file is never stored.
    /// </summary>
    public async Task<ChatReply?> RefuseFileAsync(ConversationAddress at, Sender from, long? size, CancellationToken ct) =>
        await commands.RefuseAttachmentAsync((await ContextAsync(new OtherReceived(at, from, null), ct)).Author, size, ct);

    private async Task<InboundOutcome> PrivateMessageAsync(InboundEvent e, CancellationToken ct)
    {
        var context = await ContextAsync(e, ct);
        var author = context.Author;
        switch (e)
        {
            case TextReceived text:
                // A reply to one of the bot's messages may be about a ticket (the core reads the ticket from it).
                var typed = new TipText(author, text.Text) { Quoting = text.Quoting is { FromBot: true } q ? new TipQuote(q.MessageId, q.Text) : null };
                return await SendAsync(e, context, await commands.MessageAsync(typed, context, ct), ct);
            case AttachmentReceived file:
                var replies = new List<ChatReply>(await commands.MessageAsync(
                    new TipAttachment(author, Kind(file.Kind), file.FileReference, file.FileName, file.MediaType, file.Size) { Caption = file.Caption, GroupId = file.GroupId },
                    context, ct));
                if (file.Caption is { Length: > 0 } caption && await commands.IsInTipFlowAsync(author, ct))
                {
                    replies.AddRange(await commands.TipInputAsync(new TipText(author, caption) { FromFile = true }, context, ct));
                }

                return await SendAsync(e, context, replies, ct);
            case LocationReceived location:
                return await SendAsync(e, context, await commands.MessageAsync(new TipLocation(author, location.Latitude, location.Longitude), context, ct), ct);
            case ContactReceived contact:
                return await SendAsync(e, context, await commands.MessageAsync(new TipContact(author, contact.PhoneNumber, contact.Name), context, ct), ct);
            default:
                // A kind the tip flow cannot take: said in the channel's words when it takes fewer kinds than the core.
                return await commands.IsInTipFlowAsync(author, ct)
                    ? await SendAsync(e, context, [ChatReply.Plain(texts.Get(ChannelKey(e.Conversation.Channel, "commands.tip.unsupported"), context.Language))], ct)
                    : await SendAsync(e, context, await commands.MessageAsync(null, context, ct), ct);
        }
    }

    /// <summary>Menus: "sub:…", "set:…" and the tip flow's "t:…". Answered first: the menus touch the database, the spinner should not wait.</summary>
    private async Task<InboundOutcome> MenuAsync(ButtonPressed press, CancellationToken ct)
    {
        var lang = Languages.Normalize(press.From.Language);
        if (press.Stale || !IsMenu(press.Payload))
        {
            var old = texts.Get("commands.button.old", lang);
            if (press.AnswerId is { } answerId)
            {
                await gateway.AnswerAsync(press.Conversation, answerId, old, ct);
                return new InboundOutcome { Answer = old };
            }

            return await SendAsync(press, await ContextAsync(press, ct), [ChatReply.Plain(old)], ct);
        }

        if (press.AnswerId is { } id)
        {
            await gateway.AnswerAsync(press.Conversation, id, null, ct);
        }

        var context = await ContextAsync(press, ct);
        return await SendAsync(press, context, await commands.HandleButtonAsync(press.Payload, context, ct, press.PressId, press.Typed), ct);
    }

    private static bool IsMenu(string payload) =>
        payload.StartsWith(CommandService.TipActionPrefix, StringComparison.Ordinal)
        || payload.StartsWith(SubscriptionActions.Prefix, StringComparison.Ordinal)
        || payload.StartsWith(SettingsMenu.Prefix, StringComparison.Ordinal);

    private async Task MembershipAsync(MembershipChanged change, CancellationToken ct)
    {
        var lang = Languages.Normalize(change.From.Language);
        var conversation = await subscriptions.EnsureConversationAsync(change.Conversation, change.Title, lang, ct);
        switch (change.Change)
        {
            case MembershipChange.Left or MembershipChange.Blocked:
                var status = change.Change == MembershipChange.Blocked ? ConversationStatus.Blocked : ConversationStatus.Left;
                await subscriptions.DeactivateAsync(conversation.Id, status, change.Note ?? $"{change.Conversation.Channel}: {status}".ToLowerInvariant(), ct);
                break;
            case MembershipChange.Joined:
                await subscriptions.ReactivateAsync(conversation.Id, ct);
                if (change.Greet)
                {
                    var welcome = ChannelKey(change.Conversation.Channel, "commands.welcome");
                    await gateway.SendAsync(ReplyAddress(change), ChatReply.Plain(texts.Get(welcome, conversation.Language)).ToMessage(conversation.Language), SendPriority.Reply, ct);
                }

                break;
        }
    }

    /// <summary>
    /// A group that became a supergroup: the conversation, its subscriptions and history move to the new id, and the
    /// move is remembered, so a configured id of the old group (an editors' chat) follows it and an institution's
    /// stored editors' chat is changed to the new id (<see cref="ChatMoveStore.RecordAsync"/>).
    /// </summary>
    private async Task MoveAsync(ConversationMoved moved, CancellationToken ct)
    {
        var from = moved.Conversation;
        await chatMoves.RecordAsync(from, moved.NewExternalId, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var conversation = await db.Set<Conversation>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.Channel == from.Channel && c.ExternalId == from.ExternalId && c.Account == from.Account, ct);
        if (conversation is not null)
        {
            var done = await subscriptions.MoveAsync(conversation.Id, moved.NewExternalId, ct);
            log.LogInformation("{Channel} conversation {OldId} is now {NewId}; moved: {Moved}", from.Channel, from.ExternalId, moved.NewExternalId, done);
        }
    }

    /// <summary>The conversation (created on first contact, in the language of whoever spoke first) and who is speaking.</summary>
    private async Task<CommandContext> ContextAsync(InboundEvent e, CancellationToken ct)
    {
        var conversation = await subscriptions.EnsureConversationAsync(e.Conversation, e.Title, Languages.Normalize(e.From.Language), ct);
        var author = new TipAuthor(e.Conversation.Channel, e.Conversation.ExternalId, e.From.UserId, e.From.DisplayName, conversation.Language)
        {
            Account = e.Conversation.Account,
        };
        return new CommandContext(conversation, author, token => MayManageAsync(e, token));
    }

    /// <summary>Whether the sender may change what a shared conversation receives: asked of the platform through the gateway.</summary>
    private async Task<bool> MayManageAsync(InboundEvent e, CancellationToken ct) =>
        e.Conversation.Kind == ConversationKind.Private
        || !e.From.Anonymous && await gateway.MayManageAsync(e.Conversation, e.From.MemberId ?? e.From.UserId, ct);

    private async Task<InboundOutcome> SendAsync(InboundEvent e, CommandContext context, IEnumerable<ChatReply> replies, CancellationToken ct)
    {
        var to = ReplyAddress(e, context.Conversation);
        var sent = new List<SentReply>();
        foreach (var reply in replies)
        {
            // A refusal (blocked, left) is logged by the gateway: retrying the event would not change it.
            var result = await gateway.SendAsync(to, reply.ToMessage(context.Language), SendPriority.Reply, ct);
            sent.Add(new SentReply(reply, (result as GatewayResult.Done)?.Message?.MessageId));
        }

        return new InboundOutcome { Sent = sent };
    }

    private static ConversationAddress ReplyAddress(InboundEvent e, Conversation? stored = null) => e.ReplyTo ?? stored?.Address ?? e.Conversation;

    private EditorsPress EditorsPress(ButtonPressed press) => new(
        press.Conversation, ReplyAddress(press), press.From.Name, press.Payload, Languages.Normalize(press.From.Language),
        press.AnswerId, press.MessageId, press.MessageText, press.Input, press.Stale);

    /// <summary>"{channel}.{key}" when the channel words this sentence its own way (its platform differs), else the core's key.</summary>
    private string ChannelKey(string channel, string key) => texts.Has($"{channel}.{key}") ? $"{channel}.{key}" : key;

    private static string Kind(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Photo => "photo",
        AttachmentKind.Voice => "voice",
        AttachmentKind.Video => "video",
        _ => "document",
    };
}
