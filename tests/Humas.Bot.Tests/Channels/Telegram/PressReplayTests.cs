using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// A press handled again: the process stopped after the press's vote was committed and before its update was marked
/// handled, so the inbox hands the update over again at the next start. A press toggles, so counting it a second time
/// would take the reader's vote back.
/// </summary>
public sealed class PressReplayTests
{
    private const long Reader = 7101;

    [Fact]
    public async Task A_press_handed_over_again_by_the_inbox_is_counted_once()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        Guid article;
        await using (var db = h.Db())
        {
            article = PublishedArticles.Add(db, "Siaran pers", DateTime.UtcNow).ArticleId;
            await db.SaveChangesAsync();
        }

        h.Push(TelegramBotHarness.CallbackQuery("cb-replayed", Reader, ReactionActionData.Encode(article, 2), chatId: Reader));
        await h.WaitUntilHandledAsync(1);
        Assert.Equal([2], await VotesAsync(h));

        // What the crash leaves: the vote committed, the update still pending. Another update wakes the worker.
        await using (var db = h.Db())
        {
            Assert.Equal(1, await db.Set<TelegramInboxItem>().ExecuteUpdateAsync(u => u.SetProperty(i => i.ProcessedAt, (DateTime?)null)));
        }

        h.PushMessage(Reader + 1, "/bantuan");
        await h.WaitUntilHandledAsync(2);

        Assert.Equal([2], await VotesAsync(h));
        await using var check = h.Db();
        Assert.Equal(1, await check.Set<ReactionTallyRow>().Where(t => t.ArticleId == article).SumAsync(t => t.Count));
        Assert.Equal(["telegram:/cb-replayed"], await check.Set<CountedPress>().Select(p => p.PressId).ToListAsync());
        // Handled again without a failed attempt: recognised, not refused by the counted press's key.
        Assert.All(await check.Set<TelegramInboxItem>().ToListAsync(), i => Assert.Null(i.LastError));
    }

    private static async Task<List<int>> VotesAsync(TelegramBotHarness h)
    {
        await using var db = h.Db();
        return await db.Set<Vote>().Where(v => v.VoterKey == $"telegram:{Reader}").Select(v => v.OptionId).ToListAsync();
    }
}
