using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>
/// A reaction pressed on an article card (Action.Execute, invoke <c>adaptiveCard/action</c>). The press goes to
/// the router like every channel's, so the vote moves the one set of counters, and the invoke is answered with
/// the card as it now stands, which Teams shows to the voter at once (Teams' own way of acknowledging a press).
/// Everyone else's card follows through Feedback's coalesced refresh (a PUT per message, at most once per
/// Reactions:RefreshSeconds), which the vote has marked due.
/// </summary>
public sealed class TeamsReactionInvoke(
    InboundRouter router,
    MessageComposer composer,
    TeamsCardBuilder cards,
    IDbContextFactory<HumasDbContext> factory,
    ITexts texts)
{
    public async Task<ActivityResult> HandleAsync(Activity activity, ConversationAddress at, Conversation conversation, Sender from, CancellationToken ct)
    {
        var lang = conversation.Language;
        if (ActionData(activity.Value) is not { } data || !VotePresses.IsVote(data))
        {
            return Message(texts.Get("commands.button.old", lang));
        }

        var outcome = await router.HandleAsync(new ButtonPressed(at, from, activity.ReplyToId, data, null) { PressId = TeamsConversations.PressId(activity) }, ct);
        if (outcome.Vote is not { } vote)
        {
            return Message(outcome.Answer ?? texts.Get("feedback.unknown_article", lang));
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var article = (await composer.LoadArticlesAsync(db, [vote.Tally.ArticleId], ct)).GetValueOrDefault(vote.Tally.ArticleId);
        if (article is null)
        {
            return Message(texts.Get("feedback.unknown_article", lang));
        }

        var message = await composer.ArticleAsync(article, lang, TeamsDeliveryChannel.ChannelName, ct);
        return new ActivityResult(200, new InvokeResponseBody { StatusCode = 200, Type = InvokeResponseBody.CardType, Value = cards.Article(message) });
    }

    private static ActivityResult Message(string text) =>
        new(200, new InvokeResponseBody { StatusCode = 200, Type = InvokeResponseBody.MessageType, Value = JsonValue.Create(text) });

    /// <summary>value.action.data.humas of an adaptiveCard/action invoke.</summary>
    private static string? ActionData(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } v
        && v.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
        && action.TryGetProperty("data", out var data)
            ? TeamsActivityHandler.CardAction(data)
            : null;
}
