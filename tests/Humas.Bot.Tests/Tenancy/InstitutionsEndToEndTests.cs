using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Publishing;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Telegram;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tenancy;

/// <summary>
/// Issue 16's "done when" lines that no other end-to-end test shows, against the fake Bot API and the real host.
/// (The others, and which test shows each, are listed in docs/OPERATIONS.md, "National deployment".)
/// </summary>
public sealed class InstitutionsEndToEndTests
{
    private const string NationalKey = "national-key-e2e-7c41";

    [Fact]
    public async Task A_national_item_reaches_every_institutions_telegram_subscriber_exactly_once_labelled_national()
    {
        await using var h = await TelegramBotHarness.StartAsync(settings: new() { ["Publishing:ApiKeys:0"] = NationalKey });
        // Readers of kemensos, of setneg, of both, of everything; one who follows only a category gets nothing.
        var readers = new Dictionary<long, string[]>
        {
            [7001] = ["kemensos"], [7002] = ["setneg"], [7003] = ["kemensos", "setneg"], [7004] = [], [7005] = ["category"],
        };
        await using (var db = h.Db())
        {
            var now = DateTime.UtcNow;
            foreach (var (chat, follows) in readers)
            {
                var conversation = new Conversation { Channel = "telegram", ExternalId = chat.ToString(CultureInfo.InvariantCulture), CreatedAt = now, UpdatedAt = now };
                db.Add(conversation);
                await db.SaveChangesAsync();
                db.AddRange(follows.Length == 0
                    ? [new Subscription { ConversationId = conversation.Id, Target = SubscriptionTarget.All, Value = "" }]
                    : follows.Select(f => f == "category"
                        ? new Subscription { ConversationId = conversation.Id, Target = SubscriptionTarget.Category, Value = "Olahraga" }
                        : new Subscription { ConversationId = conversation.Id, Target = SubscriptionTarget.Institution, Value = f }));
            }

            await db.SaveChangesAsync();
        }

        var client = h.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", NationalKey);
        var item = new
        {
            institution = "kominfo",
            title = "Arahan Presiden tentang komunikasi publik",
            url = "https://kominfo.go.id/berita/arahan-presiden-komunikasi-publik",
            summary = "Seluruh kementerian dan pemerintah daerah menyebarkan narasi tunggal.",
            national = true,
        };
        var created = await client.PostAsJsonAsync("/api/articles", item);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Guid.Parse((await created.Content.ReadFromJsonAsync<PublishArticleResponse>())!.Id);

        long[] expected = [7001, 7002, 7003, 7004];
        bool Got(long chat) => h.SentTo(chat).Any(r => r.Text?.Contains(item.title, StringComparison.Ordinal) == true);
        await Eventually.UntilAsync(() => expected.All(Got), "the national item in every subscriber's chat");

        // Marked national again, from the API and from the dashboard's service: nobody gets a second copy.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/articles", item)).StatusCode);
        Assert.Equal(MarkNationalResult.AlreadyNational, await h.App.Services.GetRequiredService<ArticlePublisher>().MarkNationalAsync(id, default));
        // Everything planned is sent (the fake answers before the row is marked sent) and no event waits to be planned.
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            return !db.Set<ArticleEvent>().Any(e => e.ArticleId == id && e.ProcessedAt == null)
                && db.Set<DeliveryRecord>().Where(d => d.ArticleId == id).All(d => d.State == DeliveryState.Sent);
        }, "every delivery of the national item sent");
        await using (var db = h.Db())
        {
            Assert.Equal(expected.Length, await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == id));
        }

        foreach (var chat in expected)
        {
            var copies = h.SentTo(chat).Concat(h.Fake.RequestsFor("sendPhoto").Where(r => r.ChatId == chat && r.Succeeded))
                .Where(r => r.Text?.Contains(item.title, StringComparison.Ordinal) == true).ToList();
            Assert.Single(copies);
            Assert.StartsWith("Dari Koordinator Nasional · ", copies[0].Text, StringComparison.Ordinal);
        }

        Assert.False(Got(7005));
    }
}
