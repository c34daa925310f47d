using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Microsoft.EntityFrameworkCore;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>A broadcast at the number's throughput: the fake answers 130429 over 80/s, the service must stay under it.</summary>
public sealed class WhatsAppBurstTests
{
    [Fact]
    public async Task Three_hundred_readers_get_the_article_at_80_per_second_with_at_most_one_percent_rate_limited()
    {
        // The messaging tier is the other test's subject: here only the throughput limits the broadcast.
        await using var h = await WhatsAppHarness.StartAsync(new() { ["WhatsApp:MessagingTier"] = "0" });
        const int readers = 300;
        await AddReadersAsync(h, readers);

        await h.PublishAsync("burst");
        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.Sends.Count(s => s.Status == 200 && s.IsArticle) >= readers ? "" : null),
            "the article at every reader", seconds: 300);

        Assert.Equal(readers, h.Fake.Sends.Where(s => s.Status == 200 && s.IsArticle).Select(s => s.To).Distinct().Count());
        Assert.True(h.Fake.Throttled <= readers / 100, $"{h.Fake.Throttled} of {readers} sends were answered 130429");
    }

    /// <summary>
    /// 300 readers outside their window with the tier at 250: 250 distinct readers get the template, the other 50
    /// wait (pending, not given up), and the durable count says 250.
    /// </summary>
    [Fact]
    public async Task Beyond_the_messaging_tier_deliveries_wait_instead_of_being_dropped()
    {
        await using var h = await WhatsAppHarness.StartAsync(new() { ["WhatsApp:MessagingTier"] = "250" });
        const int readers = 300;
        await AddReadersAsync(h, readers);

        await h.PublishAsync("tier");
        await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            var pending = await db.Set<DeliveryRecord>().CountAsync(d => d.Kind == DeliveryKind.Article
                && (d.State == DeliveryState.Pending || d.State == DeliveryState.Retrying) && d.NextAttemptAt > DateTime.UtcNow.AddHours(23));
            var sent = await db.Set<DeliveryRecord>().CountAsync(d => d.Kind == DeliveryKind.Article && d.State == DeliveryState.Sent);
            return sent == 250 && pending == 50 ? "" : null;
        }, "250 sent and 50 waiting for the tier", seconds: 300);

        Assert.Equal(250, h.Fake.Sends.Where(s => s.Status == 200 && s.IsArticle).Select(s => s.To).Distinct().Count());
        await using (var db = h.Db())
        {
            Assert.Equal(250, await db.Set<WhatsAppTierContact>().CountAsync());
            Assert.Equal(0, await db.Set<DeliveryRecord>().CountAsync(d => d.State == DeliveryState.GaveUp));
            var waiting = await db.Set<DeliveryRecord>().Where(d => d.State == DeliveryState.Pending || d.State == DeliveryState.Retrying).Select(d => d.NextAttemptAt).ToListAsync();
            Assert.All(waiting, at => Assert.True(at > DateTime.UtcNow.AddHours(23), $"a waiting delivery comes back at {at}, before the oldest slot frees"));
        }
    }

    private static async Task AddReadersAsync(WhatsAppHarness h, int readers)
    {
        await using var db = h.Db();
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
}
