using System.Text.Json;
using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Channels.Teams.Tips;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>What to answer on the HTTP response of an activity: 200 with nothing, or an invoke's status and body.</summary>
public sealed record ActivityResult(int Status, InvokeResponseBody? Body = null)
{
    public static ActivityResult Ok { get; } = new(200);
}

/// <summary>
/// One authenticated activity: the stored conversation reference is refreshed first (serviceUrl, tenant), then
/// the activity is mapped to the core's events for <see cref="InboundRouter"/>: install/uninstall and the bot
/// added or removed (membership), messages (commands, text, files), card submits (button presses, with the
/// form's text) and reaction invokes. What is Teams' alone stays here: a known command word typed without the
/// slash, the forms' input names, and the card an invoke answers with. Odd activities are logged and
/// acknowledged, never thrown, so only real failures (database) give a 5xx and Bot Framework's redelivery.
/// Every conversation is held with the app the activity came to (its account): on an institution's own app the bot's
/// arrival (or, when its install was never seen, the conversation's first message) is the start command, so the
/// conversation follows that institution (as /start on its Telegram bot does).
/// </summary>
public sealed class TeamsActivityHandler(
    SubscriptionService subscriptions,
    InboundRouter router,
    TeamsReactionInvoke reactions,
    ILogger<TeamsActivityHandler> log)
{
    /// <param name="account">The app the activity came to: "" the national one, else the institution whose own app it is.</param>
    public async Task<ActivityResult> HandleAsync(Activity activity, string account, CancellationToken ct)
    {
        // Every activity refreshes the stored reference (a conversation's serviceUrl can move between regions).
        var at = TeamsConversations.Address(activity, account);
        var (conversation, created) = await subscriptions.FindOrCreateConversationAsync(
            at, TeamsConversations.Title(activity), TeamsConversations.Language(activity), ct);
        // A message is a conversation's first contact with an institution's app when its install was never seen (the app
        // was installed before this service served it): it starts as an install would.
        var firstContact = created && account.Length > 0 && activity.Type == Activity.Message;
        switch (activity.Type)
        {
            case Activity.ConversationUpdate:
                await MembershipAsync(activity, account, ct);
                return ActivityResult.Ok;
            case Activity.InstallationUpdate:
                await InstallationAsync(activity, account, ct);
                return ActivityResult.Ok;
            case Activity.Message:
                if (firstContact)
                {
                    await router.HandleAsync(Start(activity, account), ct);
                }

                foreach (var e in Events(activity, account))
                {
                    await router.HandleAsync(e, ct);
                }

                return ActivityResult.Ok;
            case Activity.Invoke when activity.Name == "adaptiveCard/action":
                return await reactions.HandleAsync(activity, at, conversation, Sender(activity), ct);
            case Activity.Invoke:
                // The SDK answers 501 here; a 4xx says the same without counting as a fault of this service.
                log.LogInformation("Teams invoke {Name} not handled", activity.Name);
                return new ActivityResult(StatusCodes.Status400BadRequest);
            default:
                log.LogDebug("Teams activity of type {Type} acknowledged without action", activity.Type);
                return ActivityResult.Ok;
        }
    }

    private async Task MembershipAsync(Activity activity, string account, CancellationToken ct)
    {
        if (TeamsConversations.IncludesBot(activity, activity.MembersRemoved))
        {
            await router.HandleAsync(Membership(activity, account, MembershipChange.Left, "teams: bot removed from the conversation"), ct);
        }
        else if (TeamsConversations.IncludesBot(activity, activity.MembersAdded))
        {
            await router.HandleAsync(Membership(activity, account, MembershipChange.Joined, null) with { Greet = account.Length == 0 }, ct);
            if (account.Length > 0)
            {
                // An institution's own app: its arrival is the start command, which follows that institution and
                // answers with the welcome naming it (the reader may change it in the menu).
                await router.HandleAsync(Start(activity, account), ct);
            }
        }
    }

    private async Task InstallationAsync(Activity activity, string account, CancellationToken ct)
    {
        // "add", "add-upgrade", "remove", "remove-upgrade".
        if (activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true)
        {
            await router.HandleAsync(Membership(activity, account, MembershipChange.Left, "teams: app uninstalled"), ct);
        }
        else if (activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true)
        {
            await router.HandleAsync(Membership(activity, account, MembershipChange.Joined, null), ct);
        }
    }

    /// <summary>The start command on an institution's own app: the conversation follows that institution.</summary>
    private static CommandReceived Start(Activity activity, string account) =>
        new(TeamsConversations.Address(activity, account), Sender(activity), activity.Id, "start", "")
        {
            ReplyTo = TeamsConversations.ReplyAddress(activity, account), Title = TeamsConversations.Title(activity),
        };

    private MembershipChanged Membership(Activity activity, string account, MembershipChange change, string? note) =>
        new(TeamsConversations.Address(activity, account), Sender(activity), change, note)
        {
            ReplyTo = TeamsConversations.ReplyAddress(activity, account), Title = TeamsConversations.Title(activity),
        };

    /// <summary>A message as the core's events: a card's submit, a command, or text and files.</summary>
    private IEnumerable<InboundEvent> Events(Activity activity, string account)
    {
        var at = TeamsConversations.Address(activity, account);
        var from = Sender(activity);
        var reply = TeamsConversations.ReplyAddress(activity, account);
        var title = TeamsConversations.Title(activity);
        if (CardAction(activity.Value) is { } action)
        {
            if (action == TeamsCardBuilder.TipFormAction)
            {
                // The tip form's text field: typed text, like the chat box's.
                var typed = InputText(activity.Value, TeamsCardBuilder.TipTextInput)?.Trim();
                return string.IsNullOrEmpty(typed)
                    ? [new OtherReceived(at, from, activity.Id) { ReplyTo = reply, Title = title }]
                    : [new TextReceived(at, from, activity.Id, typed) { ReplyTo = reply, Title = title }];
            }

            // Menus, editors' buttons (Balas' form carries the message), and the reaction fallback of old clients.
            return
            [
                new ButtonPressed(at, from, activity.ReplyToId, action, null)
                {
                    Input = InputText(activity.Value, TeamsCardBuilder.ReplyTextInput), ReplyTo = reply, Title = title,
                    PressId = TeamsConversations.PressId(activity),
                },
            ];
        }

        var text = TeamsConversations.PlainText(activity.Text);
        if (ChatCommand.Parse(text) is { } command)
        {
            return [new CommandReceived(at, from, activity.Id, command.Word, command.Argument) { ReplyTo = reply, Title = title }];
        }

        // Files first: the text of a message with files is what people write with the picture, so a file with no
        // tip open opens a bundle and the text joins it (as a caption does elsewhere).
        var events = new List<InboundEvent>(TeamsTipInputs.Files(activity, at, from).Select(f => f with { ReplyTo = reply, Title = title }));
        if (text.Length > 0)
        {
            // In Teams people type "langganan" as often as "/langganan".
            events.Add(new TextReceived(at, from, activity.Id, text) { BareCommands = true, ReplyTo = reply, Title = title });
        }

        return events.Count > 0 ? events : [new OtherReceived(at, from, activity.Id) { ReplyTo = reply, Title = title }];
    }

    /// <summary>The person: their Entra object id where Teams gives it (stable across chats), the 29: id for member look-ups.</summary>
    private static Sender Sender(Activity activity) =>
        new(TeamsConversations.UserId(activity), activity.From?.Name is { Length: > 0 } name ? name : null, activity.Locale)
        {
            MemberId = activity.From?.Id,
        };

    /// <summary>The core action string a card button carries in its data, if any.</summary>
    public static string? CardAction(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty(TeamsCardBuilder.DataKey, out var a) && a.ValueKind == JsonValueKind.String
            ? a.GetString()
            : null;

    public static string? InputText(JsonElement? value, string input) =>
        value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty(input, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
}
