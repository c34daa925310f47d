using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>A broadcast at the number's throughput: the fake answers 130429 over 80/s, the service must stay under it.</summary>
public sealed class WhatsAppBurstTests
{
    [Fact]
    public async Task Three_hundred_readers_get_the_article_at_80_per_second_with_at_most_one_percent_rate_limited()
    {
        await using var h = await WhatsAppHarness.StartAsync();
        const int readers = 300;
        await using (var db = h.Db())
        {
            var now = DateTime.UtcNow;
            var conversations = Enumerable.Range(0, readers).Select(i => new Conversation
            {
                Channel = "whatsapp", ExternalId = $"62813{i:D8}", Kind = ConversationKind.Private, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.AddRange(conversations);
            await db.SaveChangesAsync();
            db.AddRange(conversations.Select(c => new Subscription { ConversationId = c.Id, Target = SubscriptionTarget.All, CreatedAt = now }));
            await db.SaveChangesAsync();
        }

        await h.PublishAsync("burst");
        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.Sends.Count(s => s.Status == 200 && s.IsArticle) >= readers ? "" : null),
            "the article at every reader", seconds: 300);

        Assert.Equal(readers, h.Fake.Sends.Where(s => s.Status == 200 && s.IsArticle).Select(s => s.To).Distinct().Count());
        Assert.True(h.Fake.Throttled <= readers / 100, $"{h.Fake.Throttled} of {readers} sends were answered 130429");
    }
}
