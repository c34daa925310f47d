using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Delivery.Messages;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>
/// A reaction pressed on an article card (Action.Execute, invoke <c>adaptiveCard/action</c>). The vote goes
/// through the same <see cref="IReactionService"/> as Telegram's, so both move one set of counters, and the
/// invoke is answered with the card as it now stands, which Teams shows to the voter at once. Everyone
/// else's card follows through Feedback's coalesced refresh (a PUT per message, at most once per
/// Reactions:RefreshSeconds), which the vote has marked due.
/// </summary>
public sealed class TeamsReactionInvoke(
    IReactionService reactions,
    MessageComposer composer,
    TeamsCardBuilder cards,
    IDbContextFactory<HumasDbContext> factory,
    ITexts texts,
    ILogger<TeamsReactionInvoke> log)
{
    public async Task<ActivityResult> HandleAsync(Activity activity, Conversation conversation, CancellationToken ct)
    {
        var lang = conversation.Language;
        var data = ActionData(activity.Value);
        if (data is null || !ReactionActionData.TryDecode(data, out var articleId, out _))
        {
            return Message(texts.Get("teams.button.old", lang));
        }

        var result = await VoteAsync(activity, data, ct);
        if (result is null)
        {
            return Message(texts.Get("feedback.unknown_article", lang));
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var article = (await composer.LoadArticlesAsync(db, [articleId], ct)).GetValueOrDefault(articleId);
        if (article is null)
        {
            return Message(texts.Get("feedback.unknown_article", lang));
        }

        var message = await composer.ArticleAsync(article, lang, TeamsDeliveryChannel.ChannelName, ct);
        return new ActivityResult(200, new InvokeResponseBody { StatusCode = 200, Type = InvokeResponseBody.CardType, Value = cards.Article(message) });
    }

    /// <summary>Records the vote named by <paramref name="data"/> ("r1:…"); null for an unknown article or bad data.</summary>
    public async Task<VoteResult?> VoteAsync(Activity activity, string data, CancellationToken ct)
    {
        if (!ReactionActionData.TryDecode(data, out var articleId, out var option))
        {
            return null;
        }

        var result = await reactions.VoteAsync(articleId, TeamsConversations.VoterKey(activity), option, ct);
        log.LogDebug("Teams vote on {ArticleId}: option {Option}, {Change}", articleId, option, result?.Change);
        return result;
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
