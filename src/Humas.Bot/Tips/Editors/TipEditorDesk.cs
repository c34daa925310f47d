using System.Text.RegularExpressions;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Queue;

namespace Humas.Bot.Tips.Editors;

/// <summary>
/// An editor pressed Terima / Tolak / Balas under a tip (<see cref="TipActionData"/>), or submitted Balas' form.
/// </summary>
/// <param name="At">The conversation the button is in: it must be an editors' chat of the tip's institution (<see cref="IInstitutionEditorsChats.Serves"/>).</param>
/// <param name="ReplyTo">Where answers are posted (a thread of <paramref name="At"/>, or <paramref name="At"/> itself).</param>
/// <param name="Editor">The editor's name as the audit trail keeps it.</param>
/// <param name="AnswerId">The press's id where the platform acknowledges presses with a toast; null elsewhere.</param>
/// <param name="MessageId">The tip's post the button is under.</param>
/// <param name="MessageText">That post's text, when the platform sends it: the decision is then written into it.</param>
/// <param name="Input">Balas' form: the editor's message.</param>
public sealed record EditorsPress(
    ConversationAddress At, ConversationAddress ReplyTo, string Editor, string Data, string Language,
    string? AnswerId, string? MessageId, string? MessageText, string? Input, bool Stale);

/// <summary>Text an editor wrote in a group, replying to <paramref name="QuotedText"/> (a message of the bot's when <paramref name="QuotedFromBot"/>).</summary>
public sealed record EditorsText(ConversationAddress At, ConversationAddress ReplyTo, string Editor, string Text, string? MessageId, string? QuotedText, bool QuotedFromBot);

/// <summary>
/// The editors' side of tips, the same on every channel: Terima / Tolak decide the tip through <see cref="TipQueue"/>
/// (as the dashboard does) and the tip's post is rewritten with the decision where the platform lets us (else the
/// decision is posted under it); Balas asks for the editor's message with a <see cref="PromptMessage"/> (a form
/// where the platform has forms, a reply-to prompt elsewhere). The form's submit carries the message; elsewhere
/// the editor replies to the prompt, which is recognised by its exact text, so no state is kept and a restart
/// loses nothing. Presses and messages outside an editors' chat are refused, and a chat acts only on the tips
/// of the institution(s) it is the editors' chat of (another institution's tip is "not found" there). Everything goes out through the
/// gateway: toasts at Interactive, posts at Reply.
/// </summary>
public sealed partial class TipEditorDesk(
    IChannelGateway gateway,
    IEnumerable<IInstitutionEditorsChats> editorsChats,
    TipQueue queue,
    ITexts texts,
    ILogger<TipEditorDesk> log)
{
    /// <summary>Editors read Indonesian, like the tips core's editors' notices.</summary>
    public const string EditorsLanguage = Languages.Indonesian;

    /// <summary>The action a prompt's form submits: "e:send:{tip id}".</summary>
    public const string SendAction = "send";

    public static bool IsEditorsData(string? data) => data?.StartsWith(TipActionData.Prefix, StringComparison.Ordinal) == true;

    public bool IsEditorsChat(ConversationAddress at) => editorsChats.Any(chats => chats.IsEditorsChat(at));

    /// <summary>True when <paramref name="at"/> is an editors' chat of the tip's institution.</summary>
    private bool Serves(ConversationAddress at, TipRef? tip) => tip is not null && editorsChats.Any(chats => chats.Serves(at, tip.InstitutionId));

    public async Task PressAsync(EditorsPress press, CancellationToken ct)
    {
        var lang = Languages.Normalize(press.Language);
        if (press.Stale || !IsEditorsChat(press.At))
        {
            log.LogWarning("{Channel} user {Editor} pressed editors' button {Data} outside the editors' chat; refused", press.At.Channel, press.Editor, press.Data);
            await TellAsync(press, texts.Get("tips.editors.only", lang), ct);
            return;
        }

        if (!TipActionData.TryDecode(press.Data, out var action, out var tipId))
        {
            await TellAsync(press, texts.Get("commands.button.old", lang), ct);
            return;
        }

        var tip = await queue.FindAsync(tipId, ct);
        if (tip is null || !Serves(press.At, tip))
        {
            if (tip is not null)
            {
                log.LogWarning("{Channel} user {Editor} pressed {Data} in an editors' chat not of tip {TipId}'s institution {InstitutionId}; refused",
                    press.At.Channel, press.Editor, press.Data, tipId, tip.InstitutionId ?? "national");
            }

            await TellAsync(press, texts.Get("tips.editors.not_found", lang), ct);
            return;
        }

        switch (action)
        {
            case "accept" or "decline":
                await DecideAsync(press, tipId, action == "accept", lang, ct);
                break;
            case "reply":
                await AcknowledgeAsync(press, null, ct);
                await gateway.SendAsync(
                    press.ReplyTo,
                    new PromptMessage(Prompt(tip.Ticket), TipActionData.Encode(SendAction, tipId)!, EditorsLanguage) { InReplyTo = press.MessageId },
                    SendPriority.Reply,
                    ct);
                break;
            case SendAction:
                var relayed = await queue.ReplyAsync(tipId, press.Editor, press.Input ?? "", ct);
                await TellAsync(press, Relayed(relayed, tip.Ticket), ct);
                break;
            default:
                await TellAsync(press, texts.Get("commands.button.old", lang), ct);
                break;
        }
    }

    /// <summary>
    /// True when <paramref name="text"/> is an editor's answer to a Balas prompt in an editors' chat; it is then
    /// relayed to the contributor and confirmed in the chat. False for any other message (left alone).
    /// </summary>
    public async Task<bool> TryRelayAsync(EditorsText text, CancellationToken ct)
    {
        if (!text.QuotedFromBot
            || text.QuotedText is not { } prompt
            || string.IsNullOrWhiteSpace(text.Text)
            || TicketPattern().Match(prompt) is not { Success: true } match
            || prompt != Prompt(match.Value)
            || !IsEditorsChat(text.At))
        {
            return false;
        }

        var ticket = match.Value;
        var result = await queue.FindAsync(ticket, ct) is { } tip && Serves(text.At, tip)
            ? await queue.ReplyAsync(tip.Id, text.Editor, text.Text, ct)
            : TipActionResult.NotFound;
        await PostAsync(text.ReplyTo, Relayed(result, ticket), text.MessageId, ct);
        return true;
    }

    /// <summary>The prompt under a tip's post; its exact text is how a reply to it is recognised.</summary>
    public string Prompt(string ticket) => texts.Get("tips.editors.reply_prompt", EditorsLanguage, ticket);

    private async Task DecideAsync(EditorsPress press, long tipId, bool accept, string lang, CancellationToken ct)
    {
        var result = accept ? await queue.AcceptAsync(tipId, press.Editor, null, ct) : await queue.DeclineAsync(tipId, press.Editor, null, ct);
        if (result != TipActionResult.Done)
        {
            await TellAsync(press, texts.Get(result == TipActionResult.AlreadyDecided ? "tips.editors.already_decided" : "tips.editors.not_found", lang), ct);
            return;
        }

        var state = texts.Get(accept ? "tips.editors.accepted_by" : "tips.editors.declined_by", EditorsLanguage, press.Editor);
        if (press.AnswerId is null)
        {
            // No toast on this platform: one line in the chat says both who decided and that the contributor was told.
            await PostAsync(press.ReplyTo, state + "\n" + texts.Get(accept ? "tips.decided.accepted" : "tips.decided.declined", EditorsLanguage), press.MessageId, ct);
            return;
        }

        await AcknowledgeAsync(press, texts.Get(accept ? "tips.decided.accepted" : "tips.decided.declined", lang), ct);
        // Rewrite the tip's post with the decision and without buttons; when it cannot be edited, reply to it.
        if (press is { MessageText: { Length: > 0 } original, MessageId: { } postId }
            && (await gateway.EditAsync(press.ReplyTo, postId, ReplyMessage.Plain(original + "\n\n" + state, EditorsLanguage), SendPriority.Reply, ct)).Succeeded)
        {
            return;
        }

        await PostAsync(press.ReplyTo, state, press.MessageId, ct);
    }

    private string Relayed(TipActionResult result, string ticket) => result switch
    {
        TipActionResult.Done => texts.Get("tips.editors.relayed", EditorsLanguage, ticket),
        TipActionResult.Invalid => texts.Get("tips.editors.relay_invalid", EditorsLanguage, TipLimits.MaxTextLength),
        _ => texts.Get("tips.editors.not_found", EditorsLanguage),
    };

    /// <summary>A short answer to the press: its toast where the platform has one, else a line in the chat.</summary>
    private Task TellAsync(EditorsPress press, string text, CancellationToken ct) =>
        press.AnswerId is not null ? AcknowledgeAsync(press, text, ct) : PostAsync(press.ReplyTo, text, null, ct);

    private async Task AcknowledgeAsync(EditorsPress press, string? text, CancellationToken ct)
    {
        if (press.AnswerId is { } answerId)
        {
            await gateway.AnswerAsync(press.At, answerId, text, ct);
        }
    }

    private Task PostAsync(ConversationAddress to, string text, string? inReplyTo, CancellationToken ct) =>
        gateway.SendAsync(to, new ReplyMessage(text, [], EditorsLanguage, inReplyTo), SendPriority.Reply, ct);

    private static Regex TicketPattern() => Flow.TicketNumbers.Pattern();
}
