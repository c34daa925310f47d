using Humas.Bot.Conversations.Commands;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// One reader's message, mapped to the core's events (<see cref="InboundRouter"/> decides what they mean, the same
/// as on every channel). What is WhatsApp's own is only the mapping:
/// <list type="bullet">
/// <item>there are no slash commands: a message whose first word is a command word ("langganan kemensos",
/// "berhenti", "bantuan", "usulan", and "mulai" for start) is that command; inside a tip only a bare word is;</item>
/// <item>opt-in is a message: any first message subscribes (the welcome says how to stop), and "langganan" or
/// "mulai" after "berhenti" joins again; "berhenti" leaves at once (the platform's law: nothing queued goes out);</item>
/// <item>quick-reply payloads, list row ids and reply-button ids are button presses (votes, menus, editors');</item>
/// <item>WhatsApp has no forms: a swipe-reply to one of our prompts is that prompt's submit, with the text as its input;</item>
/// <item>a message that is only "kirim" or "send" is the tip's Kirim button, and one that is only "selesai" or "done"
/// its Selesai button, pressed by that message (its id is the press's), with or without a tip open; inside a tip one
/// that is only "lewati" or "skip" is its Lewati button.</item>
/// </list>
/// A word is read by <see cref="TypedWord"/> wherever one is mapped: "Kirim." and " BATAL " are words, "kirim sekarang" is not.
/// The reader's message is marked read (two blue ticks) through the gateway first. A message to an institution's own
/// number (<see cref="WhatsAppNumbers"/>) is a conversation of that account: its replies go back through that number, and
/// its first message follows that institution (the start command on an institution's account does).
/// </summary>
public sealed class WhatsAppMessageHandler(
    InboundRouter router,
    IChannelGateway gateway,
    WhatsAppInbox inbox,
    IDbContextFactory<HumasDbContext> factory,
    ILogger<WhatsAppMessageHandler> logger)
{
    /// <summary>
    /// Words a reader types for the tip's buttons, each the button it names: "kirim" is Kirim (send), the word on the
    /// summary's and a bundle's button, so typed at the summary it sends the tip; "selesai" is Selesai (done), the word
    /// on the button of the step that collects files. Kirim typed before the summary moves on as Selesai would
    /// (<see cref="ButtonPressed.Typed"/>); Selesai at the summary does not send (docs/TIPS.md says why).
    /// </summary>
    private static readonly Dictionary<string, string> TipWords = new(StringComparer.Ordinal)
    {
        ["kirim"] = "send",
        ["send"] = "send",
        ["selesai"] = "done",
        ["done"] = "done",
    };

    /// <summary>
    /// Words for the tip's buttons that mean something only inside a tip: "lewati" is Lewati (skip), the button of the
    /// contact question, so a reader can answer it by typing as the prompt says. Unlike Kirim it sends no tip, so a
    /// message handled again needs no press outside a tip, and "skip" typed with no tip open stays what it was.
    /// </summary>
    private static readonly Dictionary<string, string> InTipWords = new(StringComparer.Ordinal)
    {
        ["lewati"] = "skip",
        ["skip"] = "skip",
    };

    /// <param name="account">The number written to: "" the national one, else its institution's.</param>
    public async Task HandleAsync(WhatsAppMessage message, string account, CancellationToken ct)
    {
        var at = new ConversationAddress(WhatsAppDeliveryChannel.ChannelName, message.From, ConversationKind.Private) { Account = account };
        // WhatsApp does not tell the reader's language: Indonesian until they choose English in pengaturan (on this
        // number, or on another one of ours for a first message here).
        var (language, firstContact) = await LanguageAsync(message.From, account, ct);
        var from = new Sender(message.From, message.ProfileName, language ?? Languages.Indonesian);
        await gateway.AnswerAsync(at, message.Id, null, ct);

        foreach (var e in await EventsAsync(message, at, from, firstContact, ct))
        {
            var outcome = await router.HandleAsync(e with { Title = message.ProfileName }, ct);
            // WhatsApp has no toast: a vote's answer is a message in the chat.
            if (outcome is { Answer: { Length: > 0 } answer, Sent.Count: 0 })
            {
                await gateway.SendAsync(at, ReplyMessage.Plain(answer, from.Language!), SendPriority.Reply, ct);
            }
        }
    }

    /// <summary>
    /// A command word first, if any: "langganan kemensos" → /langganan kemensos; "mulai" is start. A message of one word
    /// is read as <see cref="TypedWord"/> reads it ("Batal." is /batal).
    /// </summary>
    public static ChatCommand? Keyword(string text)
    {
        var trimmed = text.Trim().TrimStart('/');
        if (TypedWord.Of(trimmed) is { } only)
        {
            trimmed = only;
        }

        var end = trimmed.AsSpan().IndexOfAny(" \t\r\n");
        var word = (end < 0 ? trimmed : trimmed[..end]).ToLowerInvariant();
        if (word == "mulai")
        {
            word = "start";
        }

        return word.Length > 0 && CommandCatalog.Resolve(word) != CommandName.Unknown
            ? ChatCommand.Parse("/" + word + (end < 0 ? "" : trimmed[end..]))
            : null;
    }

    private async Task<IReadOnlyList<InboundEvent>> EventsAsync(WhatsAppMessage message, ConversationAddress at, Sender from, bool firstContact, CancellationToken ct)
    {
        var id = message.Id;
        switch (message.Content)
        {
            case WhatsAppContent.Press press:
                // The button is under our message (context.id) when WhatsApp says which. Handled in the inbox's turn.
                return [new ButtonPressed(at, from, message.ReplyTo ?? id, press.Data, AnswerId: null) { PressId = $"{at.Channel}:{id}", HandedAgainUntilDone = true }];
            case WhatsAppContent.Text text when message.ReplyTo is { } replyTo && await inbox.PromptActionAsync(message.From, replyTo, ct) is { } submit:
                return [new ButtonPressed(at, from, replyTo, submit, AnswerId: null) { Input = text.Body }];
            case WhatsAppContent.Text text:
                return await TextAsync(text.Body, at, from, id, message.ReplyTo, firstContact, ct);
            case var _ when firstContact:
                return Welcome(at, from, id);
            case WhatsAppContent.Media media when Kind(media.Kind) is { } kind:
                return [new AttachmentReceived(at, from, id, kind, WhatsAppFiles.Reference(at.Account, media.MediaId), media.FileName, media.MimeType, null) { Caption = media.Caption }];
            case WhatsAppContent.Location location:
                return [new LocationReceived(at, from, id, location.Latitude, location.Longitude)];
            case WhatsAppContent.Other { Type: "reaction" or "unsupported" or "unknown" or "system" or "errors" } other:
                // An emoji on one of our messages, or a message WhatsApp itself could not read: nothing to answer.
                logger.LogDebug("WhatsApp message of type {Type} ignored", other.Type);
                return [];
            default:
                return [new OtherReceived(at, from, id)];
        }
    }

    private async Task<IReadOnlyList<InboundEvent>> TextAsync(
        string body, ConversationAddress at, Sender from, string id, string? replyTo, bool firstContact, CancellationToken ct)
    {
        var command = Keyword(body);
        var word = TypedWord.Of(body);
        var oneWord = word is not null;
        if (!firstContact && word is not null && TipWords.TryGetValue(word, out var action))
        {
            // Not only while a tip is open: the same message handled again after it sent the tip (the inbox after a
            // commit whose mark failed) finds none open, and must still reach the tip flow, which knows it by its id and
            // answers with the ticket again; a new word with nothing to send is told so there.
            return [TypedPress(at, from, id, action)];
        }

        var inTip = !firstContact && await router.IsInTipFlowAsync(at, from, ct);
        if (inTip && word is not null && InTipWords.TryGetValue(word, out var inTipAction))
        {
            return [TypedPress(at, from, id, inTipAction)];
        }

        // Inside a tip, only a bare command word is a command: "status jalan rusak di ..." is the tip's text.
        if (command is null || (inTip && !oneWord))
        {
            // A swipe-reply names the answered message by id only (context.id); the core finds which of its notices that
            // was, so a reply to one of the reader's own messages simply names no ticket.
            return firstContact ? Welcome(at, from, id)
                : [new TextReceived(at, from, id, body) { Quoting = replyTo is null ? null : new QuotedMessage(replyTo, null, FromBot: true) }];
        }

        var events = new List<InboundEvent>();
        switch (command.Name)
        {
            case CommandName.Stop:
                // Opt-out is the platform's law: the command's answer, then nothing more, not what is queued either.
                events.Add(Command(at, from, id, command));
                events.Add(new MembershipChanged(at, from, MembershipChange.Left, "whatsapp: the reader wrote " + command.Word));
                return events;
            case CommandName.Start or CommandName.Subscribe:
                events.Add(new MembershipChanged(at, from, MembershipChange.Joined, null));
                break;
        }

        // A first message subscribes whatever it says, except a choice of its own: one institution, or stop.
        if (firstContact && !(command.Name == CommandName.Subscribe && command.Argument.Length > 0))
        {
            events.AddRange(Welcome(at, from, id));
            if (command.Name is CommandName.Start or CommandName.Subscribe)
            {
                return events;
            }
        }

        events.Add(Command(at, from, id, command));
        return events;
    }

    /// <summary>Subscribed to all news, with the welcome (how to stop included) and the institutions as a list to narrow it.</summary>
    private static IReadOnlyList<InboundEvent> Welcome(ConversationAddress at, Sender from, string id) =>
    [
        new CommandReceived(at, from, id, "start", ""),
        new CommandReceived(at, from, id, "langganan", ""),
    ];

    /// <summary>A word typed for a tip's button: that button, pressed by this message (its id is the press's).</summary>
    private static ButtonPressed TypedPress(ConversationAddress at, Sender from, string id, string action) =>
        new(at, from, id, CommandService.TipActionPrefix + action, AnswerId: null) { PressId = $"{at.Channel}:{id}", Typed = true };

    private static CommandReceived Command(ConversationAddress at, Sender from, string id, ChatCommand command) =>
        new(at, from, id, command.Word, command.Argument);

    private static AttachmentKind? Kind(string mediaKind) => mediaKind switch
    {
        "image" => AttachmentKind.Photo,
        "document" => AttachmentKind.Document,
        "audio" => AttachmentKind.Voice,
        "video" => AttachmentKind.Video,
        _ => null,
    };

    /// <summary>
    /// The reader's chosen language on this number, and whether this is their first message to it (no conversation with
    /// it yet); for a first message, the language they chose on another of our numbers, if any.
    /// </summary>
    private async Task<(string? Language, bool FirstContact)> LanguageAsync(string waId, string account, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var known = await db.Set<Conversation>()
            .Where(c => c.Channel == WhatsAppDeliveryChannel.ChannelName && c.ExternalId == waId)
            .Select(c => new { c.Account, c.Language }).ToListAsync(ct);
        var here = known.FirstOrDefault(c => c.Account == account);
        return here is not null ? (here.Language, false) : (known.OrderBy(c => c.Account, StringComparer.Ordinal).FirstOrDefault()?.Language, true);
    }
}
