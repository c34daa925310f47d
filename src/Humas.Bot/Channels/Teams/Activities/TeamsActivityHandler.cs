using System.Text.Json;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Channels.Teams.Tips;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Queue;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>What to answer on the HTTP response of an activity: 200 with nothing, or an invoke's status and body.</summary>
public sealed record ActivityResult(int Status, InvokeResponseBody? Body = null)
{
    public static ActivityResult Ok { get; } = new(200);
}

/// <summary>
/// One authenticated activity: the stored conversation reference is refreshed first (serviceUrl, tenant),
/// then install/uninstall, messages (commands, tip input, card submits) and invokes (reaction votes).
/// Odd activities are logged and acknowledged, never thrown, so only real failures (database) give a 5xx
/// and Bot Framework's redelivery.
/// </summary>
public sealed class TeamsActivityHandler(
    SubscriptionService subscriptions,
    CommandService commands,
    TeamsReplySender replies,
    TeamsReactionInvoke reactions,
    TeamsTipEditorActions editors,
    IChannelGateway gateway,
    ITexts texts,
    ILogger<TeamsActivityHandler> log)
{
    public async Task<ActivityResult> HandleAsync(Activity activity, CancellationToken ct)
    {
        var conversation = await subscriptions.EnsureConversationAsync(
            TeamsConversations.Address(activity), TeamsConversations.Title(activity), TeamsConversations.Language(activity), ct);
        switch (activity.Type)
        {
            case Activity.ConversationUpdate:
                await MembershipAsync(activity, conversation, ct);
                return ActivityResult.Ok;
            case Activity.InstallationUpdate:
                await InstallationAsync(activity, conversation, ct);
                return ActivityResult.Ok;
            case Activity.Message:
                await MessageAsync(activity, conversation, ct);
                return ActivityResult.Ok;
            case Activity.Invoke when activity.Name == "adaptiveCard/action":
                return await reactions.HandleAsync(activity, conversation, ct);
            case Activity.Invoke:
                // The SDK answers 501 here; a 4xx says the same without counting as a fault of this service.
                log.LogInformation("Teams invoke {Name} not handled", activity.Name);
                return new ActivityResult(StatusCodes.Status400BadRequest);
            default:
                log.LogDebug("Teams activity of type {Type} acknowledged without action", activity.Type);
                return ActivityResult.Ok;
        }
    }

    private async Task MembershipAsync(Activity activity, Conversation conversation, CancellationToken ct)
    {
        if (TeamsConversations.IncludesBot(activity, activity.MembersRemoved))
        {
            await subscriptions.DeactivateAsync(conversation.Id, ConversationStatus.Left, "teams: bot removed from the conversation", ct);
        }
        else if (TeamsConversations.IncludesBot(activity, activity.MembersAdded))
        {
            await subscriptions.ReactivateAsync(conversation.Id, ct);
            await replies.SendAsync(activity, ChatReply.Plain(texts.Get("teams.welcome", conversation.Language)), conversation.Language, ct);
        }
    }

    private async Task InstallationAsync(Activity activity, Conversation conversation, CancellationToken ct)
    {
        // "add", "add-upgrade", "remove", "remove-upgrade".
        if (activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true)
        {
            await subscriptions.DeactivateAsync(conversation.Id, ConversationStatus.Left, "teams: app uninstalled", ct);
        }
        else if (activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true)
        {
            await subscriptions.ReactivateAsync(conversation.Id, ct);
        }
    }

    private async Task MessageAsync(Activity activity, Conversation conversation, CancellationToken ct)
    {
        var lang = conversation.Language;
        var context = Context(activity, conversation);
        if (CardAction(activity.Value) is { } action)
        {
            await CardSubmitAsync(activity, action, context, ct);
            return;
        }

        var text = TeamsConversations.PlainText(activity.Text);
        var slash = ChatCommand.Parse(text);
        if (slash is null && conversation.Kind == ConversationKind.Private && await commands.IsInTipFlowAsync(context.Author, ct))
        {
            var inputs = TeamsTipInputs.From(activity, text, context.Author);
            if (inputs.Count == 0)
            {
                await replies.SendAsync(activity, ChatReply.Plain(texts.Get("teams.tip.unsupported", lang)), lang, ct);
            }

            foreach (var input in inputs)
            {
                await replies.SendAsync(activity, await commands.TipInputAsync(input, context, ct), lang, ct);
            }

            return;
        }

        // In Teams people type "langganan" as often as "/langganan": a known first word is a command too.
        var command = slash ?? (text.Length > 0 && ChatCommand.Parse("/" + text) is { Name: not CommandName.Unknown } word ? word : null);
        if (command is not null)
        {
            await replies.SendAsync(activity, await commands.HandleAsync(command, context, ct), lang, ct);
        }
        else if (conversation.Kind == ConversationKind.Private)
        {
            await replies.SendAsync(activity, commands.FreeTextHint(lang), lang, ct);
        }
    }

    /// <summary>An Action.Submit press (menus, tip form, editors' buttons, and the reaction fallback of old clients).</summary>
    private async Task CardSubmitAsync(Activity activity, string action, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        if (action.StartsWith(Feedback.ReactionActionData.Prefix, StringComparison.Ordinal))
        {
            // Old clients: the vote counts, and the coalesced refresh updates the card for everyone.
            await reactions.VoteAsync(activity, action, ct);
            return;
        }

        if (action.StartsWith(TipActionData.Prefix, StringComparison.Ordinal))
        {
            await editors.HandleAsync(activity, action, ct);
            return;
        }

        if (action == Cards.TeamsCardBuilder.TipFormAction)
        {
            var text = InputText(activity.Value, Cards.TeamsCardBuilder.TipTextInput);
            var reply = string.IsNullOrWhiteSpace(text)
                ? [ChatReply.Plain(texts.Get("teams.tip.empty_text", lang))]
                : await commands.TipInputAsync(new TipText(context.Author, text.Trim()), context, ct);
            await replies.SendAsync(activity, reply, lang, ct);
            return;
        }

        await replies.SendAsync(activity, await commands.HandleButtonAsync(action, context, ct), lang, ct);
    }

    private CommandContext Context(Activity activity, Conversation conversation) => new(
        conversation,
        TeamsConversations.Author(activity, conversation.Language),
        token => MayManageAsync(activity, token));

    /// <summary>Whether the member may change what a team channel or group chat receives: a lookup through the gateway.</summary>
    private async Task<bool> MayManageAsync(Activity activity, CancellationToken ct) =>
        activity.From?.Id is { Length: > 0 } userId && await gateway.MayManageAsync(TeamsConversations.Address(activity), userId, ct);

    /// <summary>The core action string a card button carries in its data, if any.</summary>
    public static string? CardAction(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty(Cards.TeamsCardBuilder.DataKey, out var a) && a.ValueKind == JsonValueKind.String
            ? a.GetString()
            : null;

    public static string? InputText(JsonElement? value, string input) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty(input, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
}
