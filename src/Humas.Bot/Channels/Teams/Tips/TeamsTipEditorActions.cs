using Humas.Bot.Channels.Teams.Activities;
using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// The editors' side of tips in the editors' Teams channel (<c>Teams:EditorsConversationId</c>): Terima /
/// Tolak decide the tip through the same <see cref="TipQueue"/> as Telegram and the dashboard; Balas posts a
/// form whose submit carries the editor's message, relayed to the contributor. Presses from any other
/// conversation are refused.
/// </summary>
public sealed class TeamsTipEditorActions(
    TeamsReplySender replies,
    IOptionsMonitor<TeamsOptions> options,
    TipQueue queue,
    ITexts texts,
    ILogger<TeamsTipEditorActions> log)
{
    /// <summary>Editors read Indonesian, like the tips core's editors' notices.</summary>
    private const string Lang = Languages.Indonesian;

    public async Task HandleAsync(Activity activity, string data, CancellationToken ct)
    {
        if (TeamsConversations.ConversationId(activity) != options.CurrentValue.EditorsConversationId)
        {
            log.LogWarning("Teams user {UserId} pressed editors' button {Data} outside the editors' channel; refused", activity.From?.Id, data);
            await SayAsync(activity, texts.Get("teams.tips.editors_only", Lang), ct);
            return;
        }

        if (!TipActionData.TryDecode(data, out var action, out var tipId))
        {
            await SayAsync(activity, texts.Get("teams.button.old", Lang), ct);
            return;
        }

        var editor = activity.From?.Name is { Length: > 0 } name ? name : activity.From?.Id ?? "editor";
        switch (action)
        {
            case "accept" or "decline":
                var accept = action == "accept";
                var result = accept ? await queue.AcceptAsync(tipId, editor, null, ct) : await queue.DeclineAsync(tipId, editor, null, ct);
                await SayAsync(activity, result switch
                {
                    TipActionResult.Done => texts.Get(accept ? "teams.tips.accepted_by" : "teams.tips.declined_by", Lang, editor),
                    TipActionResult.AlreadyDecided => texts.Get("teams.tips.already_decided", Lang),
                    _ => texts.Get("teams.tips.not_found", Lang),
                }, ct);
                break;
            case "reply":
                if (await queue.TicketOfAsync(tipId, ct) is not { } ticket)
                {
                    await SayAsync(activity, texts.Get("teams.tips.not_found", Lang), ct);
                    return;
                }

                await replies.SendAsync(activity, new PromptMessage(texts.Get("teams.tips.reply_prompt", Lang, ticket), TipActionData.Encode("send", tipId)!, Lang), ct);
                break;
            case "send":
                var message = TeamsActivityHandler.InputText(activity.Value, TeamsCardBuilder.ReplyTextInput) ?? "";
                var relayed = await queue.ReplyAsync(tipId, editor, message, ct);
                var tipTicket = await queue.TicketOfAsync(tipId, ct) ?? "";
                await SayAsync(activity, relayed switch
                {
                    TipActionResult.Done => texts.Get("teams.tips.relayed", Lang, tipTicket),
                    TipActionResult.Invalid => texts.Get("teams.tips.relay_invalid", Lang, Humas.Bot.Tips.TipLimits.MaxTextLength),
                    _ => texts.Get("teams.tips.not_found", Lang),
                }, ct);
                break;
            default:
                await SayAsync(activity, texts.Get("teams.button.old", Lang), ct);
                break;
        }
    }

    private Task SayAsync(Activity activity, string text, CancellationToken ct) => replies.SendAsync(activity, ChatReply.Plain(text), Lang, ct);
}
