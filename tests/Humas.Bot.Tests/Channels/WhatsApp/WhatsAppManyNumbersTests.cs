using System.Diagnostics;
using System.Net;
using Humas.Bot.Alerts;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.RateLimiting;
using Humas.Bot.FakePlatforms.WhatsApp;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Testing;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>
/// Many numbers in one service: the national number and kemensos's own (<c>Institutions:1:WhatsApp:PhoneNumberId</c>),
/// both served by one fake Cloud API (one Meta app: one host, one webhook, one app secret), each with its own throughput
/// and windows. Readers land on the number they wrote to, kemensos's readers follow kemensos, a national item reaches a
/// person on both numbers once, each number sends within its own limit, and a change for a number that is none of ours
/// is acknowledged and dropped.
/// </summary>
public sealed class WhatsAppManyNumbersTests
{
    private const string Kemensos = "109876543210987";

    private static async Task<WhatsAppHarness> StartAsync(
        Dictionary<string, string?>? settings = null, int perSecond = 80, Action<IServiceCollection>? services = null, string? kemensosToken = null,
        DatabaseKind database = DatabaseKind.Sqlite)
    {
        var all = new Dictionary<string, string?>
        {
            // appsettings.json's second institution is kemensos; setneg (the first) has no number of its own.
            ["Institutions:1:WhatsApp:PhoneNumberId"] = Kemensos,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var h = await WhatsAppHarness.StartAsync(all, perSecond, services: services, database: database);
        h.Fake.AddNumber(Kemensos, kemensosToken);
        return h;
    }

    [Fact]
    public async Task A_reader_writing_to_an_institutions_number_is_welcomed_from_it_and_follows_that_institution()
    {
        await using var h = await StartAsync();
        const string rina = "6281300000001";

        await h.PostHandledAsync(h.Fake.Text(rina, "halo", number: Kemensos));

        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.SendsTo(rina).FirstOrDefault(s => s.Status == 200 && s.Text?.Contains("Kementerian Sosial", StringComparison.Ordinal) == true)),
            "the welcome naming kemensos");
        Assert.All(h.Fake.SendsTo(rina), s => Assert.Equal(Kemensos, s.From));
        await using var db = h.Db();
        var conversation = await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.Channel == "whatsapp" && c.ExternalId == rina);
        Assert.Equal("kemensos", conversation.Account);
        var follows = await db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversation.Id).ToListAsync();
        var follow = Assert.Single(follows);
        Assert.Equal((SubscriptionTarget.Institution, "kemensos"), (follow.Target, follow.Value));
    }

    [Fact]
    public async Task A_national_item_reaches_a_person_on_both_numbers_once_through_the_institutions_number()
    {
        await using var h = await StartAsync();
        const string both = "6281300000002";
        const string nationalOnly = "6281300000003";
        await h.PostHandledAsync(h.Fake.Text(both, "halo"));
        await h.PostHandledAsync(h.Fake.Text(both, "halo", number: Kemensos));
        await h.PostHandledAsync(h.Fake.Text(nationalOnly, "halo"));

        Guid national;
        await using (var db = h.Db())
        {
            national = PublishedArticles.Add(db, "Arahan Presiden tentang narasi tunggal", DateTime.UtcNow, institution: "setneg").ArticleId;
            db.Set<Article>().Local.Single(a => a.Id == national).National = true;
            await db.SaveChangesAsync();
        }

        await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            return await db.Set<DeliveryRecord>().CountAsync(d => d.ArticleId == national && d.State == DeliveryState.Sent) == 2 ? "" : null;
        }, "the national item sent to both people");
        var toBoth = Assert.Single(h.Fake.SendsTo(both), s => s.Status == 200 && s.IsArticle);
        Assert.Equal(Kemensos, toBoth.From);
        Assert.Equal(FakeCloudApi.PhoneNumberId, Assert.Single(h.Fake.SendsTo(nationalOnly), s => s.Status == 200 && s.IsArticle).From);
    }

    [Fact]
    public async Task A_window_is_a_readers_with_one_number_writing_to_the_national_number_opens_none_with_the_institutions()
    {
        await using var h = await StartAsync();
        const string dewi = "6281300000008";
        // Dewi follows kemensos on its number since long ago, and writes to the national number today.
        await using (var db = h.Db())
        {
            var now = DateTime.UtcNow;
            var conversation = new Conversation
            {
                Channel = "whatsapp", ExternalId = dewi, Kind = ConversationKind.Private, Account = "kemensos", CreatedAt = now, UpdatedAt = now,
            };
            db.Add(conversation);
            await db.SaveChangesAsync();
            db.Add(new Subscription { ConversationId = conversation.Id, Target = SubscriptionTarget.Institution, Value = "kemensos", CreatedAt = now });
            await db.SaveChangesAsync();
        }

        await h.PostHandledAsync(h.Fake.Text(dewi, "berhenti"));
        await using (var db = h.Db())
        {
            PublishedArticles.Add(db, "Bansos tahap dua cair", DateTime.UtcNow, institution: "kemensos");
            await db.SaveChangesAsync();
        }

        // The template from kemensos's number, as its window with Dewi is closed; no free-form try refused first.
        var article = await h.WaitForSendAsync(dewi, s => s.IsArticle, "the kemensos article");
        Assert.Equal(("template", Kemensos), (article.Type, article.From));
        Assert.DoesNotContain(h.Fake.SendsTo(dewi), s => s.Code == 131047);
    }

    [Fact]
    public async Task Each_number_sends_within_its_own_limit()
    {
        const int perSecond = 4;
        const int readers = 12;
        await using var h = await StartAsync(new() { ["WhatsApp:MessagesPerSecond"] = perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture) }, perSecond);

        // The gateway keeps one limiter per number.
        var channel = h.App.Services.GetRequiredService<WhatsAppDeliveryChannel>();
        var limiters = h.App.Services.GetRequiredService<RateLimiterRegistry>();
        var reader = new ConversationAddress("whatsapp", "6281300000009", ConversationKind.Private);
        Assert.NotSame(limiters.For(channel, reader), limiters.For(channel, reader with { Account = "kemensos" }));

        // Readers of each number at once: their welcomes, then a national item to all, each through their own number.
        await Task.WhenAll(Enumerable.Range(0, readers).SelectMany(i => new[]
        {
            h.PostAsync(h.Fake.Text($"62813100{i:D5}", "halo")),
            h.PostAsync(h.Fake.Text($"62813200{i:D5}", "halo", number: Kemensos)),
        }));
        await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            return await db.Set<Conversation>().CountAsync(c => c.Channel == "whatsapp") == 2 * readers
                && !await db.Set<WhatsAppInboxItem>().AnyAsync(i => i.ProcessedAt == null) ? "" : null;
        }, "every reader's first message handled");
        Guid national;
        await using (var db = h.Db())
        {
            national = PublishedArticles.Add(db, "Arahan Presiden tentang narasi tunggal", DateTime.UtcNow, institution: "setneg").ArticleId;
            db.Set<Article>().Local.Single(a => a.Id == national).National = true;
            await db.SaveChangesAsync();
        }

        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.Sends.Count(s => s.Status == 200 && s.IsArticle) == 2 * readers ? "" : null),
            "the national item through both numbers", 120);
        var sent = h.Fake.Sends.Where(s => s.Status == 200).ToList();
        Assert.All(sent.Where(s => s.To.StartsWith("62813100", StringComparison.Ordinal)), s => Assert.Equal(FakeCloudApi.PhoneNumberId, s.From));
        Assert.All(sent.Where(s => s.To.StartsWith("62813200", StringComparison.Ordinal)), s => Assert.Equal(Kemensos, s.From));
        // Together the two numbers sent more than one number may in some second, each within its own.
        var times = sent.Select(s => s.At).Order().ToList();
        var busiest = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < Stopwatch.Frequency).Count()).Max();
        Assert.True(busiest > perSecond, $"at most {busiest} sends in one second across both numbers");
        // Each reader got the item once, through the number they wrote to.
        Assert.All(sent.Where(s => s.IsArticle).GroupBy(s => s.To), g => Assert.Single(g));
    }

    [Fact]
    public async Task Each_number_is_logged_ready_at_start_with_its_institution_and_never_its_token()
    {
        var logs = new FakeLoggerProvider();
        await using var h = await StartAsync(
            new()
            {
                ["Institutions:1:WhatsApp:AccessToken"] = "kemensos-own-token",
                ["Institutions:1:WhatsApp:MessagesPerSecond"] = "5",
                ["Institutions:1:WhatsApp:ArticleTemplate"] = "kemensos_artikel",
                ["Institutions:1:WhatsApp:Portfolio"] = "kemensos",
                ["Institutions:1:WhatsApp:MessagingTier"] = "0",
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs),
            kemensosToken: "kemensos-own-token");

        var ready = logs.Collector.GetSnapshot().Where(r => r.Category == typeof(WhatsAppNumbersNotice).FullName)
            .OrderBy(r => r.Message, StringComparer.Ordinal).ToList();

        Assert.Equal(2, ready.Count);
        Assert.All(ready, r => Assert.Equal(LogLevel.Information, r.Level));
        // The national values are the harness's; kemensos's own replace two of them.
        var national = h.App.Services.GetRequiredService<WhatsAppNumbers>().Shared;
        Assert.Equal(
            $"WhatsApp number {FakeCloudApi.PhoneNumberId} (national) ready, sending with its own access token, "
            + $"{national.MessagesPerSecond}/s, {national.PerReaderPerMinute} per reader a minute, article template humas_artikel, "
            + $"portfolio (national) with messaging tier {national.MessagingTier}",
            ready[0].Message);
        Assert.Equal(
            $"WhatsApp number {Kemensos} (kemensos) ready, sending with its own access token, 5/s, {national.PerReaderPerMinute} per reader a minute, "
            + "article template kemensos_artikel, portfolio kemensos with messaging tier unlimited",
            ready[1].Message);
        Assert.All(ready, r => Assert.Contains(r.StructuredState!, p => p.Key == "Institution"));
        Assert.DoesNotContain(logs.Collector.Lines(), l => l.Contains("kemensos-own-token", StringComparison.Ordinal) || l.Contains(h.Fake.AccessToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_institutions_number_without_a_token_of_its_own_is_logged_as_sending_with_the_national_one()
    {
        var logs = new FakeLoggerProvider();
        await using var h = await StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(logs.Collector.Lines(), l => l.Contains($"WhatsApp number {Kemensos} (kemensos) ready, sending with the national access token", StringComparison.Ordinal));
        // Without a portfolio of its own it counts against the national one's tier.
        var tier = h.App.Services.GetRequiredService<WhatsAppNumbers>().Shared.MessagingTier;
        Assert.Contains(logs.Collector.Lines(), l => l.Contains($"WhatsApp number {Kemensos} (kemensos) ready", StringComparison.Ordinal)
            && l.Contains($", portfolio (national) with messaging tier {tier} [", StringComparison.Ordinal));
    }

    /// <summary>
    /// kemensos's number is in a business portfolio of its own with a tier of 3, the national portfolio's is 2: four readers
    /// of each number outside their window get an article; each portfolio sends to as many as its own tier and the rest of
    /// its readers wait (none given up), whatever the other portfolio has used.
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Each_portfolio_reaches_readers_outside_the_window_up_to_its_own_tier(DatabaseKind database)
    {
        await using var h = await StartAsync(
            new()
            {
                ["WhatsApp:MessagingTier"] = "2",
                ["Institutions:1:WhatsApp:Portfolio"] = "kemensos",
                ["Institutions:1:WhatsApp:MessagingTier"] = "3",
            },
            database: database);
        await using (var db = h.Db())
        {
            // Readers of long ago on each number: no window is open.
            var now = DateTime.UtcNow;
            var conversations = Enumerable.Range(0, 8).Select(i => new Conversation
            {
                Channel = "whatsapp", ExternalId = $"62813400{i:D5}", Kind = ConversationKind.Private, Account = i < 4 ? "" : "kemensos", CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.AddRange(conversations);
            await db.SaveChangesAsync();
            db.AddRange(conversations.Select(c => new Subscription { ConversationId = c.Id, Target = SubscriptionTarget.All, CreatedAt = now }));
            await db.SaveChangesAsync();
        }

        await h.PublishAsync("portfolio");
        await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            var articles = db.Set<DeliveryRecord>().Where(d => d.Kind == DeliveryKind.Article);
            var waiting = await articles.CountAsync(d => (d.State == DeliveryState.Pending || d.State == DeliveryState.Retrying) && d.NextAttemptAt > DateTime.UtcNow.AddHours(23));
            return await articles.CountAsync(d => d.State == DeliveryState.Sent) == 5 && waiting == 3 ? "" : null;
        }, "5 sent and 3 waiting for their portfolio's tier", 120);

        var sent = h.Fake.Sends.Where(s => s.Status == 200 && s.IsArticle).ToList();
        Assert.Equal(2, sent.Count(s => s.From == FakeCloudApi.PhoneNumberId));
        Assert.Equal(3, sent.Count(s => s.From == Kemensos));
        await using (var db = h.Db())
        {
            var counted = await db.Set<WhatsAppTierContact>().GroupBy(c => c.Portfolio).Select(g => new { g.Key, Count = g.Count() }).OrderBy(g => g.Key).ToListAsync();
            Assert.Equal([("", 2), ("kemensos", 3)], counted.Select(g => (g.Key, g.Count)));
            Assert.Equal(0, await db.Set<DeliveryRecord>().CountAsync(d => d.State == DeliveryState.GaveUp));
        }
    }

    [Fact]
    public async Task Outside_the_window_an_institutions_number_sends_its_own_template_and_the_national_number_the_national_one()
    {
        // kemensos's number is in kemensos's own business account, whose article template is approved in Indonesian only.
        await using var h = await StartAsync(new()
        {
            ["Institutions:1:WhatsApp:ArticleTemplate"] = "kemensos_artikel",
            ["Institutions:1:WhatsApp:ArticleTemplateLanguage"] = "id",
        });
        h.Fake.AddTemplate(new FakeTemplate("kemensos_artikel", ["id"]));
        const string onKemensos = "6281300000010";
        const string onNational = "6281300000011";
        // Both read in English and follow kemensos since long ago: neither window is open.
        await using (var db = h.Db())
        {
            var now = DateTime.UtcNow;
            foreach (var (waId, account) in new[] { (onKemensos, "kemensos"), (onNational, "") })
            {
                var conversation = new Conversation
                {
                    Channel = "whatsapp", ExternalId = waId, Kind = ConversationKind.Private, Account = account, Language = "en", CreatedAt = now, UpdatedAt = now,
                };
                db.Add(conversation);
                await db.SaveChangesAsync();
                db.Add(new Subscription { ConversationId = conversation.Id, Target = SubscriptionTarget.Institution, Value = "kemensos", CreatedAt = now });
            }

            PublishedArticles.Add(db, "Bansos tahap dua cair", DateTime.UtcNow, institution: "kemensos");
            await db.SaveChangesAsync();
        }

        var own = await h.WaitForSendAsync(onKemensos, s => s.IsArticle && s.Status == 200, "the article from kemensos's number");
        var national = await h.WaitForSendAsync(onNational, s => s.IsArticle && s.Status == 200, "the article from the national number");
        Assert.Equal(("template", Kemensos, "kemensos_artikel", "id"), (own.Type, own.From, TemplateName(own), TemplateLanguage(own)));
        Assert.Equal(("template", FakeCloudApi.PhoneNumberId, "humas_artikel", "en"), (national.Type, national.From, TemplateName(national), TemplateLanguage(national)));
        Assert.DoesNotContain(h.Fake.Sends, s => s.Code == 132001);
    }

    [Fact]
    public async Task An_institutions_number_is_limited_at_its_own_rates_and_the_national_number_at_the_national_ones()
    {
        await using var h = await StartAsync(new()
        {
            ["Institutions:1:WhatsApp:MessagesPerSecond"] = "5",
            ["Institutions:1:WhatsApp:PerReaderPerMinute"] = "3",
        });
        var channel = h.App.Services.GetRequiredService<WhatsAppDeliveryChannel>();
        var limiters = h.App.Services.GetRequiredService<RateLimiterRegistry>();
        var reader = new ConversationAddress("whatsapp", "6281300000012", ConversationKind.Private);

        var own = limiters.For(channel, reader with { Account = "kemensos" }).PlatformLimits;
        var national = limiters.For(channel, reader).PlatformLimits;

        Assert.Equal([Rate.PerSecond(5)], own.Bot);
        Assert.Equal([new Rate(3 * 3, WhatsAppRateLimits.PairWindow)], own.ForConversation(ConversationKind.Private));
        Assert.Equal([Rate.PerSecond(80)], national.Bot);
        Assert.Equal([new Rate(10 * 3, WhatsAppRateLimits.PairWindow)], national.ForConversation(ConversationKind.Private));
    }

    [Fact]
    public async Task An_institutions_editors_get_its_tips_through_its_own_number_and_decide_them_there()
    {
        const string editors = "6281100000021";
        const string gita = "6281300000022";
        await using var h = await StartAsync(new() { ["Institutions:1:WhatsApp:EditorsNumber"] = editors });
        // The editors' phone wrote to kemensos's number: that number's 24-hour window with it is open, the national one's is not.
        await h.PostHandledAsync(h.Fake.Text(editors, "mulai", number: Kemensos));

        // Gita sends a tip through kemensos's number: she chose kemensos by writing there, so she is not asked which
        // institution it is for (with an institution's editors' chat configured, the national number would ask).
        await h.PostHandledAsync(h.Fake.Text(gita, "usulan", number: Kemensos));
        await h.WaitForSendAsync(gita, s => s.Choices.Contains("t:cancel"), "the tip question");
        Assert.DoesNotContain(h.Fake.SendsTo(gita), s => s.Choices.Any(c => c.Contains("in:", StringComparison.Ordinal)));
        await h.PostHandledAsync(h.Fake.Text(gita, "Penyaluran bansos di Desa Sukamaju tertunda dua minggu.", number: Kemensos));
        await h.WaitForSendAsync(gita, s => s.Choices.Any(c => c.StartsWith("t:done:", StringComparison.Ordinal)), "the request for photos with Selesai");
        await h.PostHandledAsync(h.Fake.Text(gita, "selesai", number: Kemensos));
        await h.WaitForSendAsync(gita, s => s.Choices.Contains("t:skip"), "the contact question");
        await h.PostHandledAsync(h.Fake.ButtonReply(gita, "t:skip", "Lewati", Kemensos));
        var summary = await h.WaitForSendAsync(gita, s => s.Choices.Any(c => c.StartsWith("t:send:", StringComparison.Ordinal)), "the summary with Kirim");
        await h.PostHandledAsync(h.Fake.ButtonReply(gita, summary.Choices.Single(c => c.StartsWith("t:send:", StringComparison.Ordinal)), "Kirim", Kemensos));

        var notice = await h.WaitForSendAsync(editors, s => s.Status == 200 && s.Choices.Any(c => c.StartsWith("e:accept:", StringComparison.Ordinal)), "the new tip at kemensos's editors");
        Assert.Equal(Kemensos, notice.From);
        Assert.DoesNotContain(h.Fake.SendsTo(editors), s => s.From == FakeCloudApi.PhoneNumberId);

        // Terima, pressed on kemensos's number, decides the tip.
        await h.PostHandledAsync(h.Fake.ButtonReply(editors, notice.Choices.Single(c => c.StartsWith("e:accept:", StringComparison.Ordinal)), "Terima", Kemensos));
        await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            return await db.Set<Humas.Bot.Tips.Model.Tip>().AnyAsync(t => t.InstitutionId == "kemensos" && t.State == Humas.Bot.Tips.Model.TipState.Accepted) ? "" : null;
        }, "kemensos's tip accepted");
    }

    private static string? TemplateName(WaSend send) => send.Body["template"]?["name"]?.GetValue<string>();

    private static string? TemplateLanguage(WaSend send) => send.Body["template"]?["language"]?["code"]?.GetValue<string>();

    [Fact]
    public async Task A_notification_for_a_number_that_is_not_ours_is_acknowledged_dropped_and_logged_once()
    {
        var logs = new FakeLoggerProvider();
        await using var h = await StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        const string stranger = "555000111222333";
        const string dewi = "6281300000004";

        Assert.Equal(HttpStatusCode.OK, await h.PostAsync(h.Fake.Text(dewi, "halo", number: stranger)));
        Assert.Equal(HttpStatusCode.OK, await h.PostAsync(h.Fake.Text(dewi, "halo lagi", number: stranger)));

        await using (var db = h.Db())
        {
            Assert.Equal(0, await db.Set<WhatsAppInboxItem>().CountAsync());
        }

        Assert.Single(logs.Collector.Lines(), l => l.Contains(stranger, StringComparison.Ordinal) && l.Contains("neither WhatsApp:PhoneNumberId", StringComparison.Ordinal));
        // The same reader writing to the national number afterwards is the national number's, as ever.
        await h.PostHandledAsync(h.Fake.Text(dewi, "halo"));
        await h.WaitForSendAsync(dewi, s => true, "the national welcome");
        Assert.All(h.Fake.SendsTo(dewi), s => Assert.Equal(FakeCloudApi.PhoneNumberId, s.From));
    }

    [Fact]
    public async Task A_conversation_of_a_number_no_longer_configured_fails_clearly_and_never_goes_through_the_national_number()
    {
        // kemensos had a number; this configuration no longer names it.
        await using var h = await WhatsAppHarness.StartAsync();
        const string rina = "6281300000005";
        h.Fake.OpenWindow(rina);
        var channel = h.App.Services.GetRequiredService<WhatsAppDeliveryChannel>();
        var to = new ConversationAddress("whatsapp", rina, ConversationKind.Private) { Account = "kemensos" };

        var e = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => channel.SendAsync(to, new TextMessage("Halo", "id"), default));

        Assert.Contains("Institutions:N:WhatsApp:PhoneNumberId", e.Message, StringComparison.Ordinal);
        Assert.Contains("kemensos", e.Message, StringComparison.Ordinal);
        Assert.IsType<DeliveryFailure.Transient>(channel.Classify(e));
        Assert.Empty(h.Fake.SendsTo(rina));
    }

    [Fact]
    public async Task An_institutions_refused_token_opens_its_own_incident_and_not_the_national_numbers()
    {
        // kemensos's number is in another business: its own token, which Meta refuses.
        await using var h = await StartAsync(new() { ["Institutions:1:WhatsApp:AccessToken"] = "kemensos-old-token" }, kemensosToken: "kemensos-new-token");
        const string rina = "6281300000006";

        Assert.Equal(HttpStatusCode.OK, await h.PostAsync(h.Fake.Text(rina, "halo", number: Kemensos)));

        var incident = await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            return await db.Set<Incident>().SingleOrDefaultAsync(i => i.Key == "token:whatsapp:kemensos" && i.ResolvedAt == null);
        }, "kemensos's token incident");
        Assert.Equal(IncidentKind.TokenRejected, incident.Kind);
        // The national number goes on: its reader is welcomed, and it has no incident.
        await h.PostHandledAsync(h.Fake.Text("6281300000007", "halo"));
        await h.WaitForSendAsync("6281300000007", s => true, "the national welcome");
        await using var check = h.Db();
        Assert.False(await check.Set<Incident>().AnyAsync(i => i.Key == "token:whatsapp"));
    }
}
