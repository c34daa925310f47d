using Humas.Bot.Alerts;
using Humas.Bot.Alerts.Detectors;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Options;
using Moq;

namespace Humas.Bot.Tests.Alerts;

/// <summary>Each detector against a real database: what it finds, and what it leaves alone.</summary>
public sealed class DetectorTests : IDisposable
{
    // Alerts off: the host's own loop stays out of the way; the detectors are called with the test's "now".
    private readonly HumasAppFactory _app = new(new() { ["Alerts:Enabled"] = "false" });
    private readonly DateTime _t = DateTime.UtcNow;

    public void Dispose() => _app.Dispose();

    private static IOptionsMonitor<AlertsOptions> Options(AlertsOptions o) => Mock.Of<IOptionsMonitor<AlertsOptions>>(m => m.CurrentValue == o);

    [Fact]
    public async Task A_broadcast_is_stalled_when_its_deliveries_are_due_long_with_none_sent_meanwhile()
    {
        await using var db = _app.CreateDbContext();
        // Due in an hour, on a channel no instance has: the dispatcher leaves them alone.
        var due = _t.AddHours(1);
        var stalled = await ArticleWithAsync(db, "kemensos", "Bansos tahap dua", Enumerable.Repeat((DeliveryState.Pending, (DateTime?)null), 3), due);
        var moving = await ArticleWithAsync(db, "setneg", "Sidang kabinet", [(DeliveryState.Pending, null), (DeliveryState.Sent, _t.AddMinutes(110))], due);
        var detector = new BroadcastStalledDetector(Options(new AlertsOptions { BroadcastStalledMinutes = 30 }));

        Assert.Empty(await detector.DetectAsync(db, due.AddMinutes(10), default));
        var found = Assert.Single(await detector.DetectAsync(db, due.AddHours(1), default));

        Assert.Equal(BroadcastStalledDetector.KeyOf(stalled), found.Key);
        Assert.Equal("kemensos", found.InstitutionId);
        Assert.Contains("3 deliveries waiting", found.Summary, StringComparison.Ordinal);
        Assert.NotEqual(BroadcastStalledDetector.KeyOf(moving), found.Key);
    }

    [Fact]
    public async Task More_than_the_given_up_share_of_enough_deliveries_is_an_incident()
    {
        await using var db = _app.CreateDbContext();
        var later = _t.AddDays(1);
        var over = await ArticleWithAsync(db, "kemensos", "Lebih", Mix(gaveUp: 3, sent: 17), later);
        await ArticleWithAsync(db, "kemensos", "Pas", Mix(gaveUp: 2, sent: 18), later);
        await ArticleWithAsync(db, "kemensos", "Sedikit", Mix(gaveUp: 5, sent: 0), later);
        var detector = new BroadcastGaveUpDetector(Options(new AlertsOptions { GaveUpPercent = 10, GaveUpMinimumDeliveries = 20, GaveUpWindowHours = 24 }));

        var found = Assert.Single(await detector.DetectAsync(db, _t.AddHours(1), default));
        Assert.Equal(BroadcastGaveUpDetector.KeyOf(over), found.Key);
        Assert.Contains("3 of 20 deliveries given up", found.Summary, StringComparison.Ordinal);

        // Out of the window: no longer watched.
        Assert.Empty(await detector.DetectAsync(db, _t.AddHours(30), default));
    }

    [Fact]
    public async Task Low_disk_space_is_the_operators_incident_and_zero_turns_it_off()
    {
        await using var db = _app.CreateDbContext();
        var low = new DiskLowDetector(Options(new AlertsOptions { DiskFreeMegabytes = 10_000_000 }));
        var found = Assert.Single(await low.DetectAsync(db, _t, default));
        Assert.Equal(DiskLowDetector.Key, found.Key);
        Assert.Null(found.InstitutionId);
        Assert.Contains("MB free", found.Summary, StringComparison.Ordinal);

        Assert.Empty(await new DiskLowDetector(Options(new AlertsOptions { DiskFreeMegabytes = 0 })).DetectAsync(db, _t, default));
        Assert.Empty(await new DiskLowDetector(Options(new AlertsOptions { DiskFreeMegabytes = 1 })).DetectAsync(db, _t, default));
    }

    [Fact]
    public async Task A_database_at_ninety_percent_of_its_limit_is_the_operators_incident()
    {
        await using var db = _app.CreateDbContext();
        var article = await AdminSeed.ArticleAsync(db, "kemensos", "Besar");
        article.Body = new string('x', 3 * 1024 * 1024);
        await db.SaveChangesAsync();
        Assert.True(await DatabaseLargeDetector.SizeAsync(db, default) > 3 * 1024 * 1024);

        var found = Assert.Single(await new DatabaseLargeDetector(Options(new AlertsOptions { DatabaseMaxMegabytes = 3 })).DetectAsync(db, _t, default));
        Assert.Equal((DatabaseLargeDetector.Key, (string?)null), (found.Key, found.InstitutionId));
        Assert.Empty(await new DatabaseLargeDetector(Options(new AlertsOptions { DatabaseMaxMegabytes = 100 })).DetectAsync(db, _t, default));
        Assert.Empty(await new DatabaseLargeDetector(Options(new AlertsOptions { DatabaseMaxMegabytes = 0 })).DetectAsync(db, _t, default));
    }

    private static IEnumerable<(DeliveryState, DateTime?)> Mix(int gaveUp, int sent) =>
        Enumerable.Repeat((DeliveryState.GaveUp, (DateTime?)null), gaveUp).Concat(Enumerable.Repeat((DeliveryState.Sent, (DateTime?)DateTime.UtcNow), sent));

    private static async Task<Guid> ArticleWithAsync(HumasDbContext db, string institution, string title, IEnumerable<(DeliveryState State, DateTime? SentAt)> deliveries, DateTime nextAttemptAt)
    {
        var article = await AdminSeed.ArticleAsync(db, institution, title);
        var i = 0;
        foreach (var (state, sentAt) in deliveries)
        {
            var chat = new Conversation { Channel = "nowhere", ExternalId = $"{article.Id:N}-{i++}", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Add(chat);
            await db.SaveChangesAsync();
            db.Add(new DeliveryRecord
            {
                Kind = DeliveryKind.Article, ArticleId = article.Id, ConversationId = chat.Id, State = state, SentAt = sentAt,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, NextAttemptAt = nextAttemptAt,
            });
        }

        await db.SaveChangesAsync();
        return article.Id;
    }
}
