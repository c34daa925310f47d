using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Queue;

namespace Humas.Bot.Channels.WhatsApp.Tips;

/// <summary>
/// The editors' side of tips on the editors' phone (<c>WhatsApp:EditorsNumber</c>): Terima / Tolak decide the
/// tip through the same <see cref="TipQueue"/> as Telegram, Teams and the dashboard; Balas sends a prompt, and
/// the editor's reply to that prompt (WhatsApp's swipe-to-reply) is relayed to the contributor. Presses from any
/// other number are refused.
/// </summary>
public sealed class WhatsAppTipEditorActions(
    IChannelGateway gateway,
    WhatsAppEditorsChat editorsChat,
    TipQueue queue,
    ITexts texts,
    ILogger<WhatsAppTipEditorActions> log)
{
    /// <summary>Editors read Indonesian, like the tips core's editors' notices.</summary>
    private const string Lang = Languages.Indonesian;

    /// <summary>Whether <paramref name="data"/> is an editors' button (<see cref="TipActionData"/>).</summary>
    public static bool Handles(string data) => data.StartsWith(TipActionData.Prefix, StringComparison.Ordinal);

    /// <param name="text">The editor's message when <paramref name="data"/> is the prompt's "send" action.</param>
    public async Task HandleAsync(ConversationAddress from, string editor, string data, string? text, CancellationToken ct)
    {
        if (!((ITipEditorsChat)editorsChat).Is(from))
        {
            log.LogWarning("WhatsApp user {WaId} pressed editors' button {Data} from outside the editors' number; refused", from.ExternalId, data);
            await SayAsync(from, texts.Get("teams.button.old", Lang), ct);
            return;
        }

        if (!TipActionData.TryDecode(data, out var action, out var tipId))
        {
            await SayAsync(from, texts.Get("teams.button.old", Lang), ct);
            return;
        }

        switch (action)
        {
            case "accept" or "decline":
                var accept = action == "accept";
                var result = accept ? await queue.AcceptAsync(tipId, editor, null, ct) : await queue.DeclineAsync(tipId, editor, null, ct);
                await SayAsync(from, result switch
                {
                    TipActionResult.Done => texts.Get(accept ? "teams.tips.accepted_by" : "teams.tips.declined_by", Lang, editor),
                    TipActionResult.AlreadyDecided => texts.Get("teams.tips.already_decided", Lang),
                    _ => texts.Get("teams.tips.not_found", Lang),
                }, ct);
                break;
            case "reply":
                if (await queue.TicketOfAsync(tipId, ct) is not { } ticket)
                {
                    await SayAsync(from, texts.Get("teams.tips.not_found", Lang), ct);
                    return;
                }

                await gateway.SendAsync(from, new PromptMessage(texts.Get("telegram.tips.reply_prompt", Lang, ticket), TipActionData.Encode("send", tipId)!, Lang), SendPriority.Reply, ct);
                break;
            case "send":
                var relayed = await queue.ReplyAsync(tipId, editor, text ?? "", ct);
                var tipTicket = await queue.TicketOfAsync(tipId, ct) ?? "";
                await SayAsync(from, relayed switch
                {
                    TipActionResult.Done => texts.Get("teams.tips.relayed", Lang, tipTicket),
                    TipActionResult.Invalid => texts.Get("teams.tips.relay_invalid", Lang, Humas.Bot.Tips.TipLimits.MaxTextLength),
                    _ => texts.Get("teams.tips.not_found", Lang),
                }, ct);
                break;
            default:
                await SayAsync(from, texts.Get("teams.button.old", Lang), ct);
                break;
        }
    }

    private Task SayAsync(ConversationAddress to, string text, CancellationToken ct) =>
        gateway.SendAsync(to, ReplyMessage.Plain(text, Lang), SendPriority.Reply, ct);
}
