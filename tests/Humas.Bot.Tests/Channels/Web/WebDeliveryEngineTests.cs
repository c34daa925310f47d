using System.Globalization;
using Humas.Bot.Channels.Web;
using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Delivery;
using Humas.Bot.Tests.Feedback;
using Humas.Bot.Tips;

namespace Humas.Bot.Tests.Channels.Web;

/// <summary>
/// The web channel under the real delivery engine (fan-out, dispatcher, counter refresh, retention), driven
/// step by step on a test clock, beside the harness's in-process channel.
/// </summary>
public sealed class WebDeliveryEngineTests
{
    private static Task<DeliveryHarness> CreateAsync() =>
        DeliveryHarness.CreateAsync(
            new()
            {
                ["Web:VisitorKey"] = WebHost.VisitorKey,
            },
            configure: (builder, _) =>
            {
                builder.AddLocalization();
                builder.AddFeedback();
                builder.AddTips();
                builder.AddWebChannel();
            });

    private static async Task<Conversation> VisitorAsync(DeliveryHarness h, string visitorId)
    {
        var conversation = await h.Subscriptions.EnsureConversationAsync(WebChatSession.Address(visitorId));
        await h.Subscriptions.SubscribeAsync(conversation.Id, SubscriptionTarget.All);
        return conversation;
    }

    [Fact]
    public async Task Fan_out_and_dispatch_store_the_article_for_the_visitor_and_counter_refreshes_edit_it()
    {
        await using var h = await CreateAsync();
        var visitor = Guid.NewGuid().ToString("N");
        var conversation = await VisitorAsync(h, visitor);
        await h.SubscriberAsync("telegram-like-1");

        var article = await h.PublishAndPlanAsync(title: "Bansos tahap empat");
        await h.DrainAsync();

        Assert.Equal(2, (await h.DeliveriesAsync(article)).Count);
        var web = (await h.DeliveriesAsync(article)).Single(d => d.ConversationId == conversation.Id);
        Assert.Equal(DeliveryState.Sent, web.State);
        var stored = Assert.Single(await h.Get<WebInbox>().HistoryAsync(visitor, CancellationToken.None));
        Assert.Equal(web.MessageId, stored.Id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("Bansos tahap empat", stored.Message!.Article!.Title);
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, stored.Message.Article.Options.Select(o => o.Count));

        await h.VoteAsync(article, "web:" + visitor, 2);
        await h.VoteAsync(article, "telegram:9", 2);
        h.Clock.Advance(TimeSpan.FromSeconds(11));
        await h.Refresher().RunOnceAsync(CancellationToken.None);

        var refreshed = Assert.Single(await h.Get<WebInbox>().HistoryAsync(visitor, CancellationToken.None));
        Assert.Equal(stored.Id, refreshed.Id);
        Assert.Equal(new[] { 0, 2, 0, 0, 0 }, refreshed.Message!.Article!.Options.Select(o => o.Count));
        Assert.True(refreshed.UpdatedAt > stored.UpdatedAt);
    }

    [Fact]
    public async Task Stored_messages_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        await using var h = await CreateAsync();
        var visitor = Guid.NewGuid().ToString("N");
        var inbox = h.Get<WebInbox>();
        await inbox.AppendAsync(visitor, new WebMessageView("text", "lama"), CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromDays(29));
        await inbox.AppendAsync(visitor, new WebMessageView("text", "baru"), CancellationToken.None);
        h.Clock.Advance(TimeSpan.FromDays(2));

        await h.Services.GetServices<IHostedService>().OfType<WebMessageJanitor>().Single().RunAsync(CancellationToken.None);

        var left = await inbox.HistoryAsync(visitor, CancellationToken.None);
        Assert.Equal(["baru"], left.Select(m => m.Message!.Text));
    }
}
