using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Telegram.Bot.Types;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Telegram.Commands;

/// <summary>
/// A reaction button press. Telegram wants answerCallbackQuery at once (we promise within a second), but
/// the vote must be stored too. So the vote starts first and gets <see cref="AnswerBudget"/>: if it is done
/// by then the answer names the real outcome (chosen, switched, withdrawn); if the database is slow the
/// answer names the option pressed ("noted") and the vote is awaited after answering. The update is marked
/// handled only after the vote, so a crash in between retries the vote, never loses it.
/// </summary>
public sealed class ReactionPressHandler(
    IChannelGateway gateway,
    ITexts texts,
    IReactionService reactions,
    ReactionCatalog catalog,
    TimeProvider time)
{
    /// <summary>Leaves room for the answerCallbackQuery round trip inside one second.</summary>
    public static readonly TimeSpan AnswerBudget = TimeSpan.FromMilliseconds(600);

    public async Task HandleAsync(CallbackQuery query, CancellationToken ct)
    {
        var lang = Languages.Normalize(query.From.LanguageCode);
        if (!ReactionActionData.TryDecode(query.Data, out var articleId, out var optionId))
        {
            await AnswerAsync(query, texts.Get("telegram.button.old", lang), ct);
            return;
        }

        // Votes count per person, also on channel posts: the key is the user, not the chat.
        var vote = reactions.VoteAsync(articleId, $"telegram:{query.From.Id}", optionId, ct);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var finished = await Task.WhenAny(vote, Task.Delay(AnswerBudget, time, budget.Token)) == vote;
        await budget.CancelAsync();
        var option = reactions.Options.FirstOrDefault(o => o.Id == optionId);
        string text;
        if (finished && vote.IsCompletedSuccessfully)
        {
            var result = vote.Result;
            text = result switch
            {
                null => texts.Get("feedback.unknown_article", lang),
                { Change: VoteChange.Withdrawn } => texts.Get("feedback.withdrawn", lang),
                { Change: VoteChange.Switched } => Chosen("feedback.switched", Option(result.CurrentOptionId)),
                _ => Chosen("feedback.added", Option(result.CurrentOptionId)),
            };
        }
        else if (finished)
        {
            text = texts.Get("telegram.reaction.unavailable", lang);
        }
        else
        {
            text = Chosen("telegram.reaction.noted", option);
        }

        await AnswerAsync(query, text, ct);
        // Rethrows a failed vote so the inbox retries it (the answer above is not repeated successfully, which is harmless).
        await vote;

        ReactionOption? Option(int? id) => reactions.Options.FirstOrDefault(o => o.Id == id) ?? option;

        // The option's label in the reader's language (configured labels are used as written).
        string Chosen(string key, ReactionOption? chosen) =>
            texts.Get(key, lang, chosen is null ? optionId.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{chosen.Emoji} {catalog.Label(chosen.Id, lang)}");
    }

    /// <summary>Through the gateway, first of all calls; best effort: a press answered late or twice only loses the toast, never the vote.</summary>
    public Task AnswerAsync(CallbackQuery query, string? text, CancellationToken ct) =>
        gateway.AnswerAsync(new ConversationAddress(TelegramChats.Channel, TelegramChats.ExternalId(query.From.Id), ConversationKind.Private), query.Id, text, ct);
}
