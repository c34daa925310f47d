using Humas.Bot.Delivery.Model;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.FaultSuite.Support;

/// <summary>
/// The promise of every broadcast scenario, counted by the fake platform and the database, not assumed:
/// every reader received the article at least once (0 lost), extra copies stay within the allowed window,
/// and every delivery row is Sent with a message id the fake really gave that chat.
/// </summary>
public static class BroadcastCheck
{
    /// <returns>The duplicate sends counted (copies beyond the first per chat).</returns>
    public static async Task<int> VerifyAsync(Deployment deployment, Guid articleId, string title, int readers, int allowedDuplicates, ScenarioResult result)
    {
        var successes = deployment.Fake.Requests
            .Where(r => r is { Method: "sendMessage", StatusCode: 200 } && r.Text is not null && r.Text.Contains(title, StringComparison.Ordinal))
            .ToList();
        var perChat = successes.GroupBy(r => r.ChatId!.Value).ToDictionary(g => g.Key, g => g.Select(r => r.MessageId.ToString()).ToHashSet());
        var lost = Enumerable.Range(0, readers).Count(i => !perChat.ContainsKey(Deployment.FirstChatId + i));
        var duplicates = successes.Count - perChat.Count;

        await using var db = deployment.CreateDbContext();
        var rows = await db.Set<DeliveryRecord>().AsNoTracking().Where(d => d.ArticleId == articleId)
            .Join(db.Set<Conversation>(), d => d.ConversationId, c => c.Id, (d, c) => new { d.State, d.MessageId, c.ExternalId })
            .ToListAsync();
        // Readers who subscribed during the scenario (a /start) get the article too; the seeded ones are counted.
        var seededRows = rows.Count(r => long.TryParse(r.ExternalId, out var chat) && chat >= Deployment.FirstChatId && chat < Deployment.FirstChatId + readers);
        var notSent = rows.Count(r => r.State != DeliveryState.Sent);
        var wrongIds = rows.Count(r => r.State == DeliveryState.Sent
            && !(long.TryParse(r.ExternalId, out var chat) && perChat.TryGetValue(chat, out var ids) && ids.Contains(r.MessageId ?? "")));

        result.Measure("readers", readers);
        result.Measure("lost", lost);
        result.Measure("duplicates", duplicates);
        result.Measure("allowedDuplicates", allowedDuplicates);
        result.Measure("deliveryRows", rows.Count);
        result.Measure("platform429", deployment.Fake.Counters.TooManyRequests);
        result.Measure("platformFaults", deployment.Fake.Counters.Faults);
        result.Expect(lost == 0, $"{lost} reader(s) never received the article");
        result.Expect(duplicates <= allowedDuplicates, $"{duplicates} duplicate sends, more than the {allowedDuplicates} allowed");
        result.Expect(seededRows == readers, $"{seededRows} delivery rows for {readers} readers");
        result.Expect(notSent == 0, $"{notSent} delivery rows not Sent");
        // Duplicates are counted from the fake's log; a send the fake accepted but left out of it would hide one.
        var logged = deployment.Fake.Requests.Count(r => r is { Method: "sendMessage" or "sendPhoto", StatusCode: 200 });
        result.Expect(logged == deployment.Fake.Counters.Delivered, $"the fake accepted {deployment.Fake.Counters.Delivered} sends and logged {logged}");
        result.Expect(wrongIds == 0, $"{wrongIds} Sent rows with a message id the platform did not give that chat");
        return duplicates;
    }

    /// <summary>Readers who have received the article so far (by the fake's log).</summary>
    public static int Reached(Deployment deployment, string title) =>
        deployment.Fake.Requests
            .Where(r => r is { Method: "sendMessage", StatusCode: 200 } && r.Text is not null && r.Text.Contains(title, StringComparison.Ordinal))
            .Select(r => r.ChatId).Distinct().Count();
}
