using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Delivery;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Tenancy;

/// <summary>
/// A national item goes to the subscribers of every institution, each reader once however many institutions they
/// follow, marked national on the outbound message; an ordinary item still reaches only its institution's.
/// </summary>
public abstract class NationalItemTests(DatabaseKind databaseKind)
{
    [Fact]
    public async Task A_national_item_reaches_every_institutions_subscribers_exactly_once_and_is_marked_national()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        var kemensos = await h.SubscriberAsync("kemensos", SubscriptionTarget.Institution, "kemensos");
        var setneg = await h.SubscriberAsync("setneg", SubscriptionTarget.Institution, "setneg");
        var both = await h.SubscriberAsync("both", SubscriptionTarget.Institution, "kemensos");
        await h.Subscriptions.SubscribeAsync(both.Id, SubscriptionTarget.Institution, "setneg");
        var all = await h.SubscriberAsync("all");
        await h.SubscriberAsync("category-only", SubscriptionTarget.Category, "Olahraga");

        var (national, nationalEvent) = await h.PublishAsync("kominfo", title: "Arahan Presiden untuk seluruh kementerian");
        await using (var db = await h.DbAsync())
        {
            await db.Set<Article>().Where(a => a.Id == national).ExecuteUpdateAsync(u => u.SetProperty(a => a.National, true));
        }

        await h.FanOut.PlanAsync(nationalEvent, CancellationToken.None);
        var ordinary = await h.PublishAndPlanAsync("kemensos", title: "Bansos tahap dua");
        await h.DrainAsync();

        Assert.Equal(new[] { kemensos.Id, setneg.Id, both.Id, all.Id }.Order(), (await h.DeliveriesAsync(national)).Select(d => d.ConversationId).Order());
        Assert.Equal(new[] { kemensos.Id, both.Id, all.Id }.Order(), (await h.DeliveriesAsync(ordinary)).Select(d => d.ConversationId).Order());
        var sent = h.Channel.Delivered.Select(c => c.Message).OfType<ArticleMessage>().ToList();
        Assert.Equal(4, sent.Count(m => m.ArticleId == national));
        Assert.Equal(4, sent.Where(m => m.ArticleId == national).Select(m => m.National).Count(n => n));
        Assert.All(sent.Where(m => m.ArticleId == ordinary), m => Assert.False(m.National));
        Assert.All(await h.DeliveriesAsync(national), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    [Fact]
    public async Task A_person_with_several_bots_gets_an_item_once_through_the_bot_of_an_institution_they_follow()
    {
        await using var h = await DeliveryHarness.CreateAsync(db: databaseKind);
        // One person ("7") on one platform, with the national bot (following everything) and kemensos's and setneg's own bots.
        var shared = await h.SubscriberAsync("7");
        var viaKemensos = await BotReaderAsync(h, "7", "kemensos");
        var viaSetneg = await BotReaderAsync(h, "7", "setneg");
        // Another has only the national bot, a third only kemensos's bot, a fourth both but kemensos's bot follows nothing now.
        var onlyShared = await h.SubscriberAsync("8");
        var onlyKemensos = await BotReaderAsync(h, "9", "kemensos");
        var sharedOf10 = await h.SubscriberAsync("10");
        var quietKemensos = await h.Subscriptions.EnsureConversationAsync(new ConversationAddress(h.Channel.Name, "10", ConversationKind.Private) { Account = "kemensos" });

        var (national, nationalEvent) = await h.PublishAsync("kominfo", title: "Arahan Presiden untuk seluruh kementerian");
        await using (var db = await h.DbAsync())
        {
            await db.Set<Article>().Where(a => a.Id == national).ExecuteUpdateAsync(u => u.SetProperty(a => a.National, true));
        }

        await h.FanOut.PlanAsync(nationalEvent, CancellationToken.None);
        var ofSetneg = await h.PublishAndPlanAsync("setneg", title: "Agenda Presiden");
        var ofKominfo = await h.PublishAndPlanAsync("kominfo", title: "Literasi digital");
        await h.DrainAsync();

        // National: through the first institution's bot that matches (kemensos before setneg), else the national bot.
        Assert.Equal(new[] { viaKemensos.Id, onlyShared.Id, onlyKemensos.Id, sharedOf10.Id }.Order(), (await h.DeliveriesAsync(national)).Select(d => d.ConversationId).Order());
        // An institution's item: through that institution's bot, once.
        Assert.Equal(new[] { viaSetneg.Id, onlyShared.Id, sharedOf10.Id }.Order(), (await h.DeliveriesAsync(ofSetneg)).Select(d => d.ConversationId).Order());
        // An item no institution bot of theirs follows: through the national bot.
        Assert.Equal(new[] { shared.Id, onlyShared.Id, sharedOf10.Id }.Order(), (await h.DeliveriesAsync(ofKominfo)).Select(d => d.ConversationId).Order());
        Assert.DoesNotContain(quietKemensos.Id, (await h.DeliveriesAsync()).Select(d => d.ConversationId));
        Assert.Equal("kemensos", h.Channel.Delivered.Single(c => c.Message is ArticleMessage m && m.ArticleId == national && c.To.ExternalId == "7").To.Account);
    }

    private static async Task<Conversation> BotReaderAsync(DeliveryHarness h, string externalId, string institution)
    {
        var conversation = await h.Subscriptions.EnsureConversationAsync(new ConversationAddress(h.Channel.Name, externalId, ConversationKind.Private) { Account = institution });
        await h.Subscriptions.SubscribeAsync(conversation.Id, SubscriptionTarget.Institution, institution);
        return conversation;
    }
}

public sealed class NationalItemTestsOnSqlite() : NationalItemTests(DatabaseKind.Sqlite);

public sealed class NationalItemTestsOnPostgres() : NationalItemTests(DatabaseKind.Postgres);

/// <summary>Each channel's formatter shows the national label from the one channel-neutral field, in the reader's language.</summary>
public sealed class NationalLabelTests
{
    private static ArticleMessage Message(bool national, string language) =>
        new(Guid.NewGuid(), "Kementerian Kominfo", "Arahan Presiden", "Ringkas", "https://kominfo.go.id/a", null, DateTime.UtcNow, [0, 0, 0, 0, 0], language) { National = national };

    [Fact]
    public void The_telegram_teams_and_web_formatters_label_a_national_item_and_only_it()
    {
        var texts = new Humas.Bot.Localization.JsonTexts();
        var options = new Humas.Bot.Feedback.ReactionOptions();
        options.ApplyDefaults();
        var catalog = new Humas.Bot.Feedback.ReactionCatalog(Microsoft.Extensions.Options.Options.Create(options), texts);
        var telegram = new Humas.Bot.Channels.Telegram.TelegramMessageFormatter(texts, new Moq.Mock<Humas.Bot.Feedback.IReactionService>().Object);
        var web = new Humas.Bot.Channels.Web.Chat.WebMessageFormatter(catalog, texts);

        Assert.StartsWith("Dari Koordinator Nasional · Kementerian Kominfo\n", telegram.Article(Message(true, "id"), 4096), StringComparison.Ordinal);
        Assert.StartsWith("Kementerian Kominfo\n", telegram.Article(Message(false, "id"), 4096), StringComparison.Ordinal);
        Assert.Equal("From the national coordinator · Kementerian Kominfo", web.Format(Message(true, "en")).Article!.Institution);
        Assert.Equal("Kementerian Kominfo", web.Format(Message(false, "en")).Article!.Institution);
    }
}

/// <summary>The article page of a national item shows its reach per institution.</summary>
public sealed class NationalReachPageTests : IDisposable
{
    private readonly Humas.Bot.Tests.Admin.AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_national_items_page_counts_its_readers_under_each_institution_they_follow()
    {
        Guid id;
        await using (var db = _h.App.CreateDbContext())
        {
            var article = await Humas.Bot.Tests.Admin.AdminSeed.ArticleAsync(db, "kominfo", "Arahan Presiden");
            article.National = true;
            var now = DateTime.UtcNow;
            var readers = Enumerable.Range(1, 3).Select(i => new Conversation { Channel = "test", ExternalId = $"r{i}", CreatedAt = now, UpdatedAt = now }).ToList();
            db.AddRange(readers);
            await db.SaveChangesAsync();
            db.Add(new Subscription { ConversationId = readers[0].Id, Target = SubscriptionTarget.Institution, Value = "kemensos" });
            db.Add(new Subscription { ConversationId = readers[1].Id, Target = SubscriptionTarget.Institution, Value = "kemensos" });
            db.Add(new Subscription { ConversationId = readers[1].Id, Target = SubscriptionTarget.Institution, Value = "setneg" });
            db.Add(new Subscription { ConversationId = readers[2].Id, Target = SubscriptionTarget.Institution, Value = "setneg" });
            db.AddRange(readers.Take(2).Select(r => new DeliveryRecord { ArticleId = article.Id, ConversationId = r.Id, State = DeliveryState.Sent, CreatedAt = now, UpdatedAt = now }));
            db.Add(new DeliveryRecord { ArticleId = article.Id, ConversationId = readers[2].Id, State = DeliveryState.GaveUp, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
            id = article.Id;
        }

        var client = await _h.SignedInAsync("koordinator@kominfo.go.id", Humas.Bot.Admin.Accounts.AdminRole.Viewer);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync($"/admin/artikel/{id}"));

        var rows = page.QuerySelectorAll("#national-reach tbody tr").Select(r => (r.GetAttribute("data-institution"), r.QuerySelector("[data-field=readers]")!.TextContent)).ToList();
        Assert.Equal([("kemensos", "2"), ("setneg", "1")], rows);
    }
}
