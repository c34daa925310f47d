using System.Globalization;
using Humas.Bot.Channels.WhatsApp.Tips;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.WhatsApp.Webhook;

/// <summary>
/// One reader's message. WhatsApp has no slash commands: a message whose first word is a command word
/// ("langganan kemensos", "berhenti", "bantuan", "usulan", and "mulai" for start) is that command; any first
/// message subscribes (the welcome says how to stop). Quick-reply payloads and list row ids are button
/// actions: a vote (<see cref="ReactionActionData"/>) or a menu action, the same as on every channel.
/// </summary>
public sealed class WhatsAppMessageHandler(
    SubscriptionService subscriptions,
    CommandService commands,
    IReactionService reactions,
    ReactionCatalog catalog,
    IChannelGateway gateway,
    WhatsAppInbox inbox,
    WhatsAppTipEditorActions editors,
    IDbContextFactory<HumasDbContext> factory,
    ITexts texts,
    ILogger<WhatsAppMessageHandler> logger)
{
    public async Task HandleAsync(WhatsAppMessage message, CancellationToken ct)
    {
        var address = new ConversationAddress(WhatsAppDeliveryChannel.ChannelName, message.From, ConversationKind.Private);
        var firstContact = !await KnownAsync(message.From, ct);
        var conversation = await subscriptions.EnsureConversationAsync(address, message.ProfileName, Languages.Indonesian, ct);
        var author = new TipAuthor(WhatsAppDeliveryChannel.ChannelName, message.From, message.From, message.ProfileName, conversation.Language);
        var context = new CommandContext(conversation, author, _ => Task.FromResult(true));
        // Two blue ticks under the reader's message; best effort, through the gateway like every call.
        await gateway.AnswerAsync(address, message.Id, null, ct);

        if (await EditorsAsync(message, address, ct))
        {
            return;
        }

        var answer = message.Content switch
        {
            WhatsAppContent.Press press => await PressAsync(press.Data, context, ct),
            WhatsAppContent.Text text => await TextAsync(text.Body, firstContact, context, ct),
            _ when firstContact => await WelcomeAsync(context, ct),
            WhatsAppContent.Media media => await MediaAsync(media, context, ct),
            WhatsAppContent.Location location => await commands.MessageAsync(new TipLocation(author, location.Latitude, location.Longitude), context, ct),
            WhatsAppContent.Other other => Ignored(other),
            _ => [],
        };
        // Best effort: a refused reply is logged by the gateway, never rethrown, because handling the message
        // again would act on it twice (a second vote on the same option withdraws it).
        foreach (var reply in answer)
        {
            await gateway.SendAsync(address, reply.ToMessage(conversation.Language), SendPriority.Reply, ct);
        }
    }

    /// <summary>An editors' button, or the editors' reply to a prompt: handled by <see cref="WhatsAppTipEditorActions"/>.</summary>
    private async Task<bool> EditorsAsync(WhatsAppMessage message, ConversationAddress address, CancellationToken ct)
    {
        var editor = message.ProfileName is { Length: > 0 } name ? name : message.From;
        if (message.Content is WhatsAppContent.Press press && WhatsAppTipEditorActions.Handles(press.Data))
        {
            await editors.HandleAsync(address, editor, press.Data, null, ct);
            return true;
        }

        if (message.Content is WhatsAppContent.Text text && message.ReplyTo is { } replyTo
            && await inbox.PromptActionAsync(message.From, replyTo, ct) is { } action && WhatsAppTipEditorActions.Handles(action))
        {
            await editors.HandleAsync(address, editor, action, text.Body, ct);
            return true;
        }

        return false;
    }

    /// <summary>A command word first, if any: "langganan kemensos" → /langganan kemensos; "mulai" is start.</summary>
    public static ChatCommand? Keyword(string text)
    {
        var trimmed = text.Trim().TrimStart('/');
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

    private async Task<IReadOnlyList<ChatReply>> TextAsync(string body, bool firstContact, CommandContext context, CancellationToken ct)
    {
        var inTipFlow = await commands.IsInTipFlowAsync(context.Author, ct);
        var command = Keyword(body);
        var oneWord = !body.Trim().Contains(' ', StringComparison.Ordinal);
        // Inside a tip, only a bare command word is a command: "status jalan rusak di ..." is the tip's text.
        if (command is not null && (!inTipFlow || oneWord))
        {
            // A first message subscribes whatever it says, except a choice of its own: one institution, or stop.
            var welcome = firstContact && command.Name != CommandName.Stop && !(command.Name == CommandName.Subscribe && command.Argument.Length > 0);
            if (welcome && command.Name is CommandName.Start or CommandName.Subscribe)
            {
                return await WelcomeAsync(context, ct);
            }

            IReadOnlyList<ChatReply> answer = welcome
                ? [.. await WelcomeAsync(context, ct), .. await commands.HandleAsync(command, context, ct)]
                : await commands.HandleAsync(command, context, ct);
            if (command.Name == CommandName.Stop)
            {
                // Opt-out is the platform's law: nothing more goes out, also what is already queued or in a digest.
                await subscriptions.DeactivateAsync(context.Conversation.Id, ConversationStatus.Left, "the reader wrote " + command.Word, ct);
            }

            return answer;
        }

        if (inTipFlow && oneWord && body.Trim().ToLowerInvariant() is "selesai" or "done" or "kirim" or "send")
        {
            return await commands.TipInputAsync(new TipAction(context.Author, "done"), context, ct);
        }

        if (firstContact)
        {
            return await WelcomeAsync(context, ct);
        }

        return await commands.MessageAsync(new TipText(context.Author, body), context, ct);
    }

    /// <summary>Subscribed to all news, with the welcome (how to stop included) and the institutions as a list to narrow it.</summary>
    private async Task<IReadOnlyList<ChatReply>> WelcomeAsync(CommandContext context, CancellationToken ct) =>
    [
        .. await commands.HandleAsync(new ChatCommand(CommandName.Start, "start", "", null), context, ct),
        .. await commands.HandleAsync(new ChatCommand(CommandName.Subscribe, "langganan", "", null), context, ct),
    ];

    private async Task<IReadOnlyList<ChatReply>> MediaAsync(WhatsAppContent.Media media, CommandContext context, CancellationToken ct)
    {
        var kind = media.Kind == "image" ? "photo" : media.Kind;
        var answer = (await commands.MessageAsync(new TipAttachment(context.Author, kind, media.MediaId, media.FileName, media.MimeType, null), context, ct)).ToList();
        if (media.Caption is { Length: > 0 } caption && await commands.IsInTipFlowAsync(context.Author, ct))
        {
            answer.AddRange(await commands.TipInputAsync(new TipText(context.Author, caption), context, ct));
        }

        return answer;
    }

    private async Task<IReadOnlyList<ChatReply>> PressAsync(string data, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        if (!ReactionActionData.TryDecode(data, out var articleId, out var optionId))
        {
            return await commands.HandleButtonAsync(data, context, ct);
        }

        var result = await reactions.VoteAsync(articleId, $"{WhatsAppDeliveryChannel.ChannelName}:{context.Author.UserExternalId}", optionId, ct);
        var text = result switch
        {
            null => texts.Get("feedback.unknown_article", lang),
            { Change: VoteChange.Withdrawn } => texts.Get("feedback.withdrawn", lang),
            { Change: VoteChange.Switched } => texts.Get("feedback.switched", lang, Label(result.CurrentOptionId ?? optionId, lang)),
            _ => texts.Get("feedback.added", lang, Label(result.CurrentOptionId ?? optionId, lang)),
        };
        return [ChatReply.Plain(text)];
    }

    private string Label(int optionId, string lang) =>
        catalog.Options.FirstOrDefault(o => o.Id == optionId) is { } option
            ? $"{option.Emoji} {catalog.Label(option.Id, lang)}"
            : optionId.ToString(CultureInfo.InvariantCulture);

    private IReadOnlyList<ChatReply> Ignored(WhatsAppContent.Other other)
    {
        logger.LogDebug("WhatsApp message of type {Type} ignored", other.Type);
        return [];
    }

    private async Task<bool> KnownAsync(string waId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Conversation>().AnyAsync(c => c.Channel == WhatsAppDeliveryChannel.ChannelName && c.ExternalId == waId, ct);
    }
}
