using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Tests.Channels.Telegram;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>One host with Telegram and WhatsApp on: a vote from either platform moves the same counters.</summary>
public sealed class WhatsAppAndTelegramVoteTests
{
    [Fact]
    public async Task A_WhatsApp_vote_and_a_Telegram_vote_move_the_same_counters()
    {
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        await using var h = await WhatsAppHarness.StartAsync(new()
        {
            ["Telegram:Token"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
        });

        const string ani = "6281234500001";
        const long budi = 5005;
        await h.PostHandledAsync(h.Fake.Text(ani, "mulai"));
        var articleId = await h.PublishAsync("dua-kanal");
        var list = await h.WaitForSendAsync(ani, s => s.IsList && s.IsArticle, "the article on WhatsApp");

        // WhatsApp: option 2 by the list.
        await h.PostHandledAsync(h.Fake.ListReply(ani, list.Choices[1]));
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await h.CountsAsync(articleId));

        // Telegram: the same button data (the same article and option) from a Telegram reader counts beside it.
        telegram.PushUpdate(new System.Text.Json.Nodes.JsonObject { ["callback_query"] = TelegramBotHarness.CallbackQuery("q1", budi, list.Choices[1], budi)["callback_query"]!.DeepClone() }.ToJsonString());
        await WhatsAppHarness.WaitForAsync(async () => (await h.CountsAsync(articleId))[1] == 2 ? "" : null, "the Telegram vote counted");

        // Each switches to option 4 on their own platform: the same counters follow.
        await h.PostHandledAsync(h.Fake.Button(ani, list.Choices[3]));
        telegram.PushUpdate(new System.Text.Json.Nodes.JsonObject { ["callback_query"] = TelegramBotHarness.CallbackQuery("q2", budi, list.Choices[3], budi)["callback_query"]!.DeepClone() }.ToJsonString());
        await WhatsAppHarness.WaitForAsync(async () => (await h.CountsAsync(articleId)) is [0, 0, 0, 2, 0] ? "" : null, "both votes switched to option 4");

        // One vote row per voter, named by platform, behind the one public counter.
        await using var db = h.Db();
        var voters = await db.Set<Vote>().Where(r => r.ArticleId == Guid.Parse(articleId)).Select(r => r.VoterKey).ToListAsync();
        Assert.Equal(["telegram:5005", "whatsapp:" + ani], voters.Order().ToArray());
        // Each press is remembered by its platform's id, so handling it again counts nothing (PressReplayTests).
        var presses = await db.Set<CountedPress>().Where(p => p.ArticleId == Guid.Parse(articleId)).Select(p => p.PressId).ToListAsync();
        Assert.Equal(["telegram:/q1", "telegram:/q2"], presses.Where(p => p.StartsWith("telegram:", StringComparison.Ordinal)).Order().ToArray());
        Assert.Equal(2, presses.Count(p => p.StartsWith("whatsapp:wamid.", StringComparison.Ordinal)));
    }
}
