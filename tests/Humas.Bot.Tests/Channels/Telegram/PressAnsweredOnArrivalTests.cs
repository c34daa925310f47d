using System.Globalization;
using Humas.Bot.Conversations.Inbound;
using Humas.Bot.FakePlatforms;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// A reaction press is answered as it arrives, not in its turn in the inbox: the tests hold every SQLite write (the
/// process's one write gate), so no vote can be counted and no update stored, and the answer still comes, naming
/// the outcome the reader's stored vote gives. Once the writes go on, each press is counted and answered once.
/// </summary>
public sealed class PressAnsweredOnArrivalTests
{
    private const long Reader = 7001;

    [Fact]
    public async Task A_press_is_answered_before_its_vote_is_counted_and_only_once()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        var article = await h.PublishedArticleAsync();
        var writes = await HoldWritesAsync(h);

        h.Push(TelegramBotHarness.CallbackQuery("cb-early", Reader, ReactionActionData.Encode(article, 2), chatId: Reader));
        await Eventually.UntilAsync(() => h.AnswersTo("cb-early").Count > 0, "the answer while no write can happen");

        Assert.StartsWith("Terima kasih! Pilihan anda:", h.AnswersTo("cb-early")[0].Text, StringComparison.Ordinal);
        Assert.Equal(0, await VotesAsync(h));

        writes.Dispose();
        await h.WaitUntilHandledAsync(1);
        Assert.Equal(1, await VotesAsync(h));
        Assert.Single(h.AnswersTo("cb-early"));
    }

    [Fact]
    public async Task The_answer_foresees_a_withdrawal_and_a_double_tap_is_answered_in_its_turn_with_what_it_did()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        var article = await h.PublishedArticleAsync();
        await h.App.Services.GetRequiredService<IReactionService>().VoteAsync(article, $"telegram:{Reader}", 2, default);
        var writes = await HoldWritesAsync(h);

        // Pressing the chosen option withdraws it; a second press right after, before the first is counted, adds 3.
        h.Push(TelegramBotHarness.CallbackQuery("cb-withdraw", Reader, ReactionActionData.Encode(article, 2), chatId: Reader));
        h.Push(TelegramBotHarness.CallbackQuery("cb-again", Reader, ReactionActionData.Encode(article, 3), chatId: Reader));
        await Eventually.UntilAsync(() => h.AnswersTo("cb-withdraw").Count > 0, "the first press's answer");
        Assert.Equal("Pilihan anda dibatalkan.", h.AnswersTo("cb-withdraw")[0].Text);

        writes.Dispose();
        await Eventually.UntilAsync(() => h.AnswersTo("cb-again").Count > 0, "the second press's answer");
        await h.WaitUntilHandledAsync(2);
        // Foreseen from the stored vote (2), the second press would have read "switched"; in its turn it is what it did.
        Assert.StartsWith("Terima kasih! Pilihan anda:", Assert.Single(h.AnswersTo("cb-again")).Text, StringComparison.Ordinal);
        Assert.Single(h.AnswersTo("cb-withdraw"));
        await using var db = h.Db();
        Assert.Equal(3, await db.Set<Vote>().Where(v => v.VoterKey == $"telegram:{Reader}").Select(v => v.OptionId).SingleAsync());
    }

    [Fact]
    public async Task More_presses_at_once_than_answers_may_be_on_their_way_are_all_answered_on_arrival()
    {
        // Every Bot API answer takes a second, so the first MaxInFlight answers are all on their way when the rest come.
        var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true, Latency = ResponseLatency.FromMilliseconds(1000, 0) });
        await using var h = await TelegramBotHarness.StartAsync(fake: fake);
        var article = await h.PublishedArticleAsync();
        var arrivals = h.App.Services.GetRequiredService<PressArrivals>();
        const int presses = PressArrivals.MaxInFlight + 10;

        // Handed over as an adapter does while storing them; nothing is stored, so only answers on arrival can come.
        for (var i = 0; i < presses; i++)
        {
            var reader = (8000 + i).ToString(CultureInfo.InvariantCulture);
            _ = arrivals.Arrived(new ButtonPressed(
                new ConversationAddress("telegram", reader, ConversationKind.Private), new Sender(reader, null, "id"), "1",
                ReactionActionData.Encode(article, 1), "cb-many-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        // The last ten waited for a slot; before, they were left to their turn in the inbox, which never came here.
        await Eventually.UntilAsync(() => ManyAnswered(h).Count == presses, "every press answered on arrival");
        Assert.Equal(presses, ManyAnswered(h).Select(r => r.CallbackQueryId).Distinct().Count());
    }

    [Fact]
    public async Task A_press_on_an_article_that_is_gone_is_answered_in_its_turn_and_once()
    {
        await using var h = await TelegramBotHarness.StartAsync();

        h.Push(TelegramBotHarness.CallbackQuery("cb-gone", Reader, ReactionActionData.Encode(Guid.NewGuid(), 1), chatId: Reader));
        await h.WaitUntilHandledAsync(1);

        Assert.Equal("Artikel ini tidak ditemukan lagi.", Assert.Single(h.AnswersTo("cb-gone")).Text);
    }

    /// <summary>Enters the process's SQLite write gate and keeps it until disposed.</summary>
    private static async Task<IDisposable> HoldWritesAsync(TelegramBotHarness h)
    {
        await using var db = h.Db();
        return await h.App.Services.GetRequiredService<SqliteWriteGate>().EnterAsync(db, default);
    }

    private static IReadOnlyList<RecordedRequest> ManyAnswered(TelegramBotHarness h) =>
        h.Fake.RequestsFor("answerCallbackQuery").Where(r => r.CallbackQueryId?.StartsWith("cb-many-", StringComparison.Ordinal) == true).ToList();

    private static async Task<int> VotesAsync(TelegramBotHarness h)
    {
        await using var db = h.Db();
        return await db.Set<Vote>().CountAsync(v => v.VoterKey == $"telegram:{Reader}");
    }
}
