using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Alerts;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>A token Meta refuses (190) stops the channel until it is accepted again, and tells the operator.</summary>
public sealed class WhatsAppTokenTests
{
    [Fact]
    public async Task A_rejected_token_stops_sending_opens_one_incident_degrades_health_and_nothing_is_given_up()
    {
        // A shorter pause than the default minute, still far longer than the checks below take before the pause ends.
        await using var h = await WhatsAppHarness.StartAsync(new() { ["WhatsApp:TokenRetrySeconds"] = "20" });
        const int readers = 5;
        await using (var db = h.Db())
        {
            var now = DateTime.UtcNow;
            var conversations = Enumerable.Range(0, readers).Select(i => new Conversation
            {
                Channel = "whatsapp", ExternalId = $"62814{i:D8}", Kind = ConversationKind.Private, CreatedAt = now, UpdatedAt = now,
            }).ToList();
            db.AddRange(conversations);
            await db.SaveChangesAsync();
            db.AddRange(conversations.Select(c => new Subscription { ConversationId = c.Id, Target = SubscriptionTarget.All, CreatedAt = now }));
            await db.SaveChangesAsync();
        }

        h.Fake.TokenRevoked = true;
        await h.PublishAsync("token");

        var incident = await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            return await db.Set<Incident>().SingleOrDefaultAsync(i => i.Key == WhatsAppTokenHealth.IncidentKey && i.ResolvedAt == null);
        }, "the token incident");
        Assert.Equal(IncidentKind.TokenRejected, incident.Kind);

        Assert.Equal("Degraded", await HealthAsync(h));

        // A 190 pauses the whole number: at most the calls already in flight meet it, none is retried in a loop.
        Assert.InRange(h.Fake.TokenRefusals, 1, readers);
        await using (var db = h.Db())
        {
            Assert.Equal(0, await db.Set<DeliveryRecord>().CountAsync(d => d.State == DeliveryState.GaveUp));
            Assert.Equal(0, await db.Set<DeliveryRecord>().CountAsync(d => d.State == DeliveryState.Sent));
        }

        // The operator fixes the token; when the pause ends, everything waiting goes out and the incident resolves.
        h.Fake.TokenRevoked = false;
        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(h.Fake.Sends.Count(s => s.Status == 200 && s.IsArticle) >= readers ? "" : null),
            "the article at every reader after the fix", seconds: 400);
        // The service resolves the incident with a write of its own after an accepted send; on a busy machine that write
        // may land after the fake has logged every send.
        await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            return await db.Set<Incident>().SingleOrDefaultAsync(i => i.Key == WhatsAppTokenHealth.IncidentKey && i.ResolvedAt != null);
        }, "the token incident resolved");
        await using (var db = h.Db())
        {
            Assert.Single(await db.Set<Incident>().Where(i => i.Key == WhatsAppTokenHealth.IncidentKey).ToListAsync());
        }

        Assert.Equal("Healthy", await HealthAsync(h));
    }

    [Fact]
    public async Task A_refusal_whose_incident_could_not_be_written_is_written_at_the_next_refusal()
    {
        await using var h = await WhatsAppHarness.StartAsync();
        const string rina = "6281300000009";
        h.Fake.OpenWindow(rina);
        h.Fake.TokenRevoked = true;
        var channel = h.App.Services.GetRequiredService<WhatsAppDeliveryChannel>();
        var to = new ConversationAddress("whatsapp", rina, ConversationKind.Private);

        // The database cannot take the first refusal's incident (its table is briefly away).
        await using (var db = h.Db())
        {
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Incidents" RENAME TO "IncidentsAway" """);
        }

        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(to, new TextMessage("Halo", "id"), default));
        }
        finally
        {
            await using var db = h.Db();
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "IncidentsAway" RENAME TO "Incidents" """);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(to, new TextMessage("Halo lagi", "id"), default));

        await using (var db = h.Db())
        {
            var incident = await db.Set<Incident>().SingleAsync(i => i.Key == WhatsAppTokenHealth.IncidentKey);
            Assert.Null(incident.ResolvedAt);
        }

        // A third refusal is no change: nothing more is written.
        await using (var db = h.Db())
        {
            var seen = (await db.Set<Incident>().SingleAsync(i => i.Key == WhatsAppTokenHealth.IncidentKey)).LastSeenAt;
            await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(to, new TextMessage("Halo sekali lagi", "id"), default));
            await using var after = h.Db();
            Assert.Equal(seen, (await after.Set<Incident>().SingleAsync(i => i.Key == WhatsAppTokenHealth.IncidentKey)).LastSeenAt);
        }
    }

    private static async Task<string?> HealthAsync(WhatsAppHarness h)
    {
        var health = await h.Http.GetFromJsonAsync<JsonElement>("/healthz");
        return health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "whatsapp").GetProperty("status").GetString();
    }
}
