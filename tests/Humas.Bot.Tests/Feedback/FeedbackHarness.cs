using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Refresh;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Delivery;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Humas.Bot.Tests.Feedback;

/// <summary>
/// <see cref="DeliveryHarness"/> plus the feedback part as the service wires it, and a second in-process
/// channel ("teams") so tallies and refreshes can be checked across channels.
/// </summary>
public static class FeedbackHarness
{
    public const string OtherChannel = "teams";

    /// <param name="interceptor">Joins every context of the service (a test watching or failing chosen statements).</param>
    public static Task<DeliveryHarness> CreateAsync(Dictionary<string, string?>? settings = null, DatabaseKind db = DatabaseKind.Sqlite, IInterceptor? interceptor = null) =>
        DeliveryHarness.CreateAsync(settings, configure: (builder, clock) =>
        {
            if (interceptor is not null)
            {
                builder.Services.AddSingleton(interceptor);
            }

            builder.Services.AddSingleton<IDeliveryChannel>(new TestChannel(clock, OtherChannel));
            builder.AddLocalization();
            builder.AddFeedback();
        }, db: db);

    public static IReactionService Reactions(this DeliveryHarness h) => h.Get<IReactionService>();

    public static CounterRefresher Refresher(this DeliveryHarness h) => h.Get<CounterRefresher>();

    public static TestChannel Other(this DeliveryHarness h) =>
        h.Services.GetServices<IDeliveryChannel>().OfType<TestChannel>().Single(c => c.Name == OtherChannel);

    public static async Task<Conversation> OtherSubscriberAsync(this DeliveryHarness h, string externalId)
    {
        var conversation = await h.Subscriptions.EnsureConversationAsync(new ConversationAddress(OtherChannel, externalId, ConversationKind.Private, null));
        await h.Subscriptions.SubscribeAsync(conversation.Id, SubscriptionTarget.All, null);
        return conversation;
    }

    public static Task<VoteResult?> VoteAsync(this DeliveryHarness h, Guid articleId, string voter, int option) =>
        h.Reactions().VoteAsync(articleId, voter, option, CancellationToken.None);

    public static int[] Counts(this ReactionTally tally) => tally.Options.Select(o => o.Count).ToArray();

    public static List<TestChannel.Call> Edits(this TestChannel channel) => channel.Calls.Where(c => c.Operation == "edit").ToList();
}
