using System.Text.RegularExpressions;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram.Tips;

/// <summary>
/// The editors' side of tips in the editors' chat (<c>Telegram:EditorsChatId</c>): Terima / Tolak decide the
/// tip and rewrite its post with the new state; Balas posts a prompt naming the ticket, and an editor's text
/// that replies to that prompt is relayed to the contributor. The prompt is recognised by its exact text,
/// so no state is kept and a restart loses nothing; replying also works in privacy mode, where a bot sees
/// only commands and replies to its own messages. Presses and messages from any other chat are refused.
/// </summary>
public sealed partial class TelegramTipEditorActions(
    IChannelGateway gateway,
    IOptionsMonitor<TelegramOptions> options,
    TipQueue queue,
    IDbContextFactory<HumasDbContext> factory,
    ITexts texts,
    ILogger<TelegramTipEditorActions> log)
{
    /// <summary>Editors read Indonesian, like the tips core's editors' notices.</summary>
    private const string EditorsLanguage = Languages.Indonesian;

    public static bool IsEditorData(string? data) => data?.StartsWith(TipActionData.Prefix, StringComparison.Ordinal) == true;

    public bool IsEditorsChat(long chatId) => options.CurrentValue.EditorsChatId == chatId;

    public async Task HandleCallbackAsync(CallbackQuery query, CancellationToken ct)
    {
        var lang = Languages.Normalize(query.From.LanguageCode);
        if (query.Message is not { } message || TelegramChats.IsInaccessible(message) || !IsEditorsChat(message.Chat.Id))
        {
            log.LogWarning("Telegram user {UserId} pressed editors' button {Data} outside the editors' chat; refused", query.From.Id, query.Data);
            await AnswerAsync(query, texts.Get("telegram.tips.editors_only", lang), ct);
            return;
        }

        if (!TipActionData.TryDecode(query.Data, out var action, out var tipId))
        {
            await AnswerAsync(query, texts.Get("telegram.button.old", lang), ct);
            return;
        }

        var editor = EditorName(query.From);
        switch (action)
        {
            case "accept" or "decline":
                var accept = action == "accept";
                var result = accept ? await queue.AcceptAsync(tipId, editor, null, ct) : await queue.DeclineAsync(tipId, editor, null, ct);
                await AnswerAsync(query, result switch
                {
                    TipActionResult.Done => texts.Get(accept ? "telegram.tips.accepted" : "telegram.tips.declined", lang),
                    TipActionResult.AlreadyDecided => texts.Get("telegram.tips.already_decided", lang),
                    TipActionResult.NotFound => texts.Get("telegram.tips.not_found", lang),
                    _ => texts.Get("telegram.button.old", lang),
                }, ct);
                if (result == TipActionResult.Done)
                {
                    var state = texts.Get(accept ? "telegram.tips.accepted_by" : "telegram.tips.declined_by", EditorsLanguage, editor);
                    await MarkAsync(message, state, ct);
                }

                break;
            case "reply":
                if (await queue.TicketOfAsync(tipId, ct) is not { } ticket)
                {
                    await AnswerAsync(query, texts.Get("telegram.tips.not_found", lang), ct);
                    return;
                }

                await AnswerAsync(query, null, ct);
                await SendAsync(message.Chat, Prompt(ticket), message, ct);
                break;
            default:
                await AnswerAsync(query, texts.Get("telegram.button.old", lang), ct);
                break;
        }
    }

    /// <summary>
    /// True when <paramref name="message"/> is an editor's answer to a Balas prompt in the editors' chat; it is
    /// then relayed to the contributor and confirmed in the chat.
    /// </summary>
    public async Task<bool> TryRelayAsync(Message message, CancellationToken ct)
    {
        if (!IsEditorsChat(message.Chat.Id)
            || message.From is not { IsBot: false } from
            || message.Text is not { Length: > 0 } text
            || message.ReplyToMessage is not { From.IsBot: true, Text: { } prompt }
            || TicketPattern().Match(prompt) is not { Success: true } match
            || prompt != Prompt(match.Value))
        {
            return false;
        }

        var ticket = match.Value;
        if (await TipIdAsync(ticket, ct) is not { } tipId)
        {
            await ConfirmAsync(message, texts.Get("telegram.tips.not_found", EditorsLanguage), ct);
            return true;
        }

        var result = await queue.ReplyAsync(tipId, EditorName(from), text, ct);
        await ConfirmAsync(message, result switch
        {
            TipActionResult.Done => texts.Get("telegram.tips.relayed", EditorsLanguage, ticket),
            TipActionResult.Invalid => texts.Get("telegram.tips.relay_invalid", EditorsLanguage, Humas.Bot.Tips.TipLimits.MaxTextLength),
            _ => texts.Get("telegram.tips.not_found", EditorsLanguage),
        }, ct);
        return true;
    }

    public string Prompt(string ticket) => texts.Get("telegram.tips.reply_prompt", EditorsLanguage, ticket);

    /// <summary>"Sari (@sari)": the name editors know each other by, and the handle that tells two Saris apart.</summary>
    public static string EditorName(User user) => TelegramChats.Who(user);

    /// <summary>Rewrites the tip's post with the decision and without buttons; when it cannot be edited, replies to it.</summary>
    private async Task MarkAsync(Message post, string state, CancellationToken ct)
    {
        if (post.Text is { Length: > 0 } original
            && (await gateway.EditAsync(Chat(post.Chat), Id(post), ReplyMessage.Plain(original + "\n\n" + state, EditorsLanguage), SendPriority.Reply, ct)).Succeeded)
        {
            return;
        }

        await SendAsync(post.Chat, state, post, ct);
    }

    private Task ConfirmAsync(Message to, string text, CancellationToken ct) => SendAsync(to.Chat, text, to, ct);

    private Task SendAsync(Chat chat, string text, Message replyTo, CancellationToken ct) =>
        gateway.SendAsync(Chat(chat), new ReplyMessage(text, [], EditorsLanguage, Id(replyTo)), SendPriority.Reply, ct);

    /// <summary>Through the gateway, first of all calls; too old or answered already only loses the toast.</summary>
    private Task AnswerAsync(CallbackQuery query, string? text, CancellationToken ct) =>
        gateway.AnswerAsync(new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(query.From.Id), ConversationKind.Private), query.Id, text, ct);

    private static ConversationAddress Chat(Chat chat) =>
        new(TelegramChats.Channel, TelegramChats.ExternalId(chat.Id), TelegramChats.Kind(chat) ?? ConversationKind.Group);

    private static string Id(Message message) => message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long?> TipIdAsync(string ticket, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<Tip>().Where(t => t.Ticket == ticket).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
    }

    [GeneratedRegex(@"USL-\d{6}-\d{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex TicketPattern();
}
