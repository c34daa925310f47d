using System.Text.Json.Nodes;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Feedback;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>Reaction presses and the tip flow's routing; the Feedback and Tips parts are mocked (their own branches implement them).</summary>
public sealed class TelegramReactionAndTipTests
{
    private static readonly Guid ArticleId = Guid.Parse("0b7e2a5e-3c1d-4c7e-9a55-2d3f4e5a6b7c");

    private static readonly IReadOnlyList<ReactionOption> Options =
    [
        new(1, "👍", "Suka"), new(2, "💡", "Informatif"), new(3, "😐", "Biasa"), new(4, "😟", "Khawatir"), new(5, "😡", "Marah"),
    ];

    private static Mock<IReactionService> Reactions(Func<Task<VoteResult?>> vote)
    {
        var mock = new Mock<IReactionService>();
        mock.SetupGet(r => r.Options).Returns(Options);
        mock.Setup(r => r.VoteAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<bool>(), It.IsAny<CancellationToken>())).Returns(vote);
        return mock;
    }

    private static VoteResult Result(VoteChange change, int? option) =>
        new(change, option, new ReactionTally(ArticleId, 1, Options.Select(o => new ReactionCount(o.Id, o.Emoji, o.Label, o.Id == option ? 1 : 0)).ToList()));

    [Fact]
    public async Task A_reaction_press_is_answered_naming_the_option_and_the_vote_is_recorded_per_user()
    {
        var reactions = Reactions(() => Task.FromResult<VoteResult?>(Result(VoteChange.Added, 2)));
        await using var h = await TelegramBotHarness.StartAsync(s => s.AddSingleton(reactions.Object));

        // A press under a channel post: the vote belongs to the person, not the channel.
        h.Push(TelegramBotHarness.CallbackQuery("cb-1", 5001, ReactionActionData.Encode(ArticleId, 2), chatId: -1_000_000_005_001));

        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Count > 0, "answer");
        var answer = Assert.Single(h.Fake.RequestsFor("answerCallbackQuery"));
        Assert.Equal("cb-1", answer.CallbackQueryId);
        // The label comes from the reaction catalog in the reader's language.
        Assert.Contains("Bermanfaat", answer.Text, StringComparison.Ordinal);
        // Counted once per callback query: the press's id goes with the vote.
        reactions.Verify(r => r.VoteAsync(ArticleId, "telegram:5001", 2, "telegram:/cb-1", true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_withdrawn_vote_says_so()
    {
        var reactions = Reactions(() => Task.FromResult<VoteResult?>(Result(VoteChange.Withdrawn, null)));
        await using var h = await TelegramBotHarness.StartAsync(s => s.AddSingleton(reactions.Object));

        h.Push(TelegramBotHarness.CallbackQuery("cb-2", 5002, ReactionActionData.Encode(ArticleId, 4), chatId: 5002));

        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Count > 0, "answer");
        Assert.Contains("dibatalkan", h.Fake.RequestsFor("answerCallbackQuery")[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_vote_does_not_hold_back_the_answer()
    {
        var release = new TaskCompletionSource<VoteResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reactions = Reactions(() => release.Task);
        await using var h = await TelegramBotHarness.StartAsync(s => s.AddSingleton(reactions.Object));
        // deleteWebhook is the last step before polling starts.
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("deleteWebhook").Count > 0, "polling");

        // The vote cannot finish until the test releases it, so an answer that arrives at all came before the vote:
        // an order, not a clock (how fast is the benchmark's question).
        h.Push(TelegramBotHarness.CallbackQuery("cb-3", 5003, ReactionActionData.Encode(ArticleId, 1), chatId: 5003));
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Count > 0, "answer", TimeSpan.FromSeconds(120));

        Assert.False(release.Task.IsCompleted);
        Assert.Contains("Suka", h.Fake.RequestsFor("answerCallbackQuery")[0].Text, StringComparison.Ordinal);
        // The vote is still awaited: the update is done only after it.
        release.SetResult(Result(VoteChange.Added, 1));
        reactions.Verify(r => r.VoteAsync(ArticleId, "telegram:5003", 1, "telegram:/cb-3", true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Old_buttons_and_inaccessible_messages_get_a_polite_answer()
    {
        await using var h = await TelegramBotHarness.StartAsync();

        h.Push(TelegramBotHarness.CallbackQuery("cb-4", 5004, "r1:not-base64:9", chatId: 5004));
        h.Push(TelegramBotHarness.CallbackQuery("cb-5", 5004, "set:lang:en", chatId: 5004, inaccessible: true));
        h.Push(TelegramBotHarness.CallbackQuery("cb-6", 5004, "zz:unknown", chatId: 5004));

        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Count >= 3, "three answers");
        Assert.All(h.Fake.RequestsFor("answerCallbackQuery"), a => Assert.False(string.IsNullOrEmpty(a.Text)));
    }

    [Fact]
    public async Task Tip_commands_go_to_the_tip_services_and_their_buttons_become_inline_buttons()
    {
        var flow = new Mock<ITipConversation>();
        var inFlow = false;
        flow.Setup(f => f.IsInFlowAsync(It.IsAny<TipAuthor>(), It.IsAny<CancellationToken>())).ReturnsAsync(() => inFlow);
        flow.Setup(f => f.TakesAsync(It.IsAny<TipInput>(), It.IsAny<CancellationToken>())).ReturnsAsync(() => inFlow);
        flow.Setup(f => f.HandleAsync(It.IsAny<TipInput>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TipInput input, CancellationToken _) =>
            {
                inFlow = input is not TipAction { Action: "cancel" };
                return [new TipReply($"diterima: {input.GetType().Name}", [new TipButton("done", "Selesai"), new TipButton("cancel", "Batal")])];
            });
        var commands = new Mock<ITipCommands>();
        commands.Setup(c => c.StatusAsync(It.IsAny<TipAuthor>(), It.IsAny<CancellationToken>())).ReturnsAsync("Usulan USL-202611-0001: diterima");
        commands.Setup(c => c.RegisterAsync(It.IsAny<TipAuthor>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync("Terdaftar");
        commands.Setup(c => c.LeaderboardAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync("1. Sari (4)");
        await using var h = await TelegramBotHarness.StartAsync(s =>
        {
            s.AddSingleton(flow.Object);
            s.AddSingleton(commands.Object);
        });
        const long chat = 6001;

        h.PushMessage(chat, "/usulan");
        var opened = await h.ReplyAsync(chat);
        h.PushMessage(chat, "Jembatan rusak di desa kami");
        await h.ReplyAsync(chat, 2);
        var photo = TelegramBotHarness.Message(chat, chat, null);
        photo.Remove("text");
        photo["photo"] = new JsonArray(
            new JsonObject { ["file_id"] = "small", ["file_unique_id"] = "s", ["width"] = 90, ["height"] = 60 },
            new JsonObject { ["file_id"] = "large", ["file_unique_id"] = "l", ["width"] = 1280, ["height"] = 960, ["file_size"] = 123456 });
        h.Push(new JsonObject { ["message"] = photo });
        await h.ReplyAsync(chat, 3);
        h.Push(TelegramBotHarness.CallbackQuery("cb-t", chat, "t:done", chatId: chat));
        await h.ReplyAsync(chat, 4);
        h.PushMessage(chat, "/batal");
        await h.ReplyAsync(chat, 5);
        h.PushMessage(chat, "/status");
        var status = await h.ReplyAsync(chat, 6);
        h.PushMessage(chat, "/daftar ABC123", language: "en");
        await h.ReplyAsync(chat, 7);
        h.PushMessage(chat, "/teraktif");
        var top = await h.ReplyAsync(chat, 8);

        Assert.Equal("diterima: TipStart", opened.Text);
        Assert.Contains("t:done", opened.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("t:cancel", opened.ReplyMarkupJson, StringComparison.Ordinal);
        flow.Verify(f => f.HandleAsync(It.Is<TipText>(t => t.Text == "Jembatan rusak di desa kami" && t.Author.UserExternalId == "6001" && t.Author.Channel == "telegram"), It.IsAny<CancellationToken>()));
        flow.Verify(f => f.HandleAsync(It.Is<TipAttachment>(a => a.Kind == "photo" && a.ChannelFileId == "large" && a.Size == 123456), It.IsAny<CancellationToken>()));
        flow.Verify(f => f.HandleAsync(It.Is<TipAction>(a => a.Action == "done"), It.IsAny<CancellationToken>()));
        flow.Verify(f => f.HandleAsync(It.Is<TipAction>(a => a.Action == "cancel"), It.IsAny<CancellationToken>()));
        Assert.Equal("Usulan USL-202611-0001: diterima", status.Text);
        commands.Verify(c => c.RegisterAsync(It.IsAny<TipAuthor>(), "ABC123", It.IsAny<CancellationToken>()));
        Assert.Equal("1. Sari (4)", top.Text);
    }
}
