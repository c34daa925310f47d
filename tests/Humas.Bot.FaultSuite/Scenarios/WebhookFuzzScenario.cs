using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.FaultSuite.Fuzzing;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// Hostile requests from every <see cref="IFuzzGenerator"/> (by default Telegram updates, Teams activities and WhatsApp
/// webhooks, all with valid credentials) posted to a running instance on PostgreSQL, eight at a time. Promise: 0 responses 5xx,
/// 0 errors logged (an unhandled exception is logged as one), every stored update handled or set aside with its reason (none left half done), no conversation without its address.
/// </summary>
public sealed partial class WebhookFuzzScenario(IReadOnlyList<IFuzzGenerator>? generators = null) : IFaultScenario
{
    public string Name => "webhook-fuzz";

    public async Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct)
    {
        var perGenerator = quick ? 1_000 : 10_000;
        await using var teams = generators is null ? await TeamsActivityFuzzer.StartAsync() : null;
        await using var whatsApp = generators is null ? await WhatsAppWebhookFuzzer.StartAsync() : null;
        IReadOnlyList<IFuzzGenerator> all = generators ?? [new TelegramUpdateFuzzer(), teams!, whatsApp!];
        await using var deployment = await Deployment.PostgresAsync();
        foreach (var generator in all)
        {
            foreach (var (key, value) in generator.Settings(deployment))
            {
                deployment.Settings[key] = value;
            }
        }

        var instance = deployment.Start();
        await Wait.UntilReadyAsync(1, instance);
        foreach (var generator in all)
        {
            await FuzzAsync(generator, instance, perGenerator, result, ct);
        }

        // Every stored update is handled (or set aside as unreadable) by the leader's inbox worker.
        var drainStarted = DateTime.UtcNow;
        var drainLimit = TimeSpan.FromSeconds(quick ? 150 : 900);
        int remaining;
        do
        {
            await Task.Delay(500, ct);
            await using var db = deployment.CreateDbContext();
            remaining = await db.Set<TelegramInboxItem>().CountAsync(i => i.ProcessedAt == null, ct)
                + await db.Set<WhatsAppInboxItem>().CountAsync(i => i.ProcessedAt == null, ct);
        }
        while (remaining > 0 && DateTime.UtcNow - drainStarted < drainLimit && !instance.HasExited);

        result.Measure("secondsToDrainInbox", Math.Round((DateTime.UtcNow - drainStarted).TotalSeconds, 1));
        result.Measure("updatesLeftUnhandled", remaining);
        result.Expect(remaining == 0, $"{remaining} stored updates still unhandled after {drainLimit.TotalSeconds:0} s");

        await using (var db = deployment.CreateDbContext())
        {
            var stored = await db.Set<TelegramInboxItem>().CountAsync();
            var failed = await db.Set<TelegramInboxItem>().Where(i => i.LastError != null && !i.LastError.StartsWith("unreadable")).Select(i => i.LastError!).ToListAsync();
            failed.AddRange(await db.Set<WhatsAppInboxItem>().Where(i => i.LastError != null && !i.LastError.StartsWith("unreadable")).Select(i => i.LastError!).ToListAsync());
            result.Measure("whatsAppItemsStored", await db.Set<WhatsAppInboxItem>().CountAsync());
            var addressless = await db.Set<Conversation>().CountAsync(c => c.ExternalId == "" || c.Channel == "");
            result.Measure("updatesStored", stored);
            result.Measure("updatesFailedInHandlers", failed.Count);
            result.Measure("conversations", await db.Set<Conversation>().CountAsync());
            result.Expect(failed.Count == 0, $"{failed.Count} stored updates failed in their handler, e.g. {string.Join(" | ", failed.Take(3))}");
            result.Expect(addressless == 0, $"{addressless} conversations without an address");
        }

        var log = instance.Process.StandardOutput + instance.Process.StandardError;
        // The first handler failure with its stack, to find the defect without a debugger.
        var failure = log.IndexOf("NullReferenceException", StringComparison.Ordinal);
        failure = failure >= 0 ? failure : log.IndexOf("will retry", StringComparison.Ordinal);
        failure = failure >= 0 ? failure : log.IndexOf("An unhandled exception has occurred", StringComparison.Ordinal);
        if (failure >= 0)
        {
            result.Measure("firstHandlerFailure", log.Substring(failure, Math.Min(2_500, log.Length - failure)));
        }

        var errors = ErrorLine().Matches(log).Select(m => m.Value.Trim()).ToList();
        result.Measure("errorsLogged", errors.Count);
        result.Expect(errors.Count == 0, $"{errors.Count} errors logged, e.g. {string.Join(" | ", errors.Take(3))}");
        result.Expect(!instance.HasExited, "the instance died");
    }

    /// <summary>Bodies above this are sent after the service's 100-continue (every endpoint's limit is well above it).</summary>
    private const int LargeBody = 64 * 1024;

    private static async Task FuzzAsync(IFuzzGenerator generator, Instance instance, int count, ScenarioResult result, CancellationToken ct)
    {
        var random = new Random(20261122);
        var requests = Enumerable.Range(0, count).Select(i => generator.Next(random, i)).ToList();
        var statuses = new int[count];
        var serverErrors = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, instance.BaseUrl + generator.Path)
            {
                Content = new ByteArrayContent(requests[i].Body),
            };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(requests[i].ContentType);
            // A body over an endpoint's limit is refused with 413 as soon as its length is known, and the connection
            // closed; a client still sending it then never reads that answer. Asking first (100-continue) lets the
            // 413 arrive before the body is sent, as a careful sender would.
            message.Headers.ExpectContinue = requests[i].Body.Length > LargeBody;
            foreach (var (name, value) in requests[i].Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await Instance.Client.SendAsync(message, token);
                statuses[i] = (int)response.StatusCode;
                if (statuses[i] >= 500)
                {
                    var body = await response.Content.ReadAsStringAsync(token);
                    serverErrors.Add($"#{i} {statuses[i]}: {body[..Math.Min(200, body.Length)]}");
                }
            }
            catch (HttpRequestException e)
            {
                statuses[i] = -1;
                serverErrors.Add($"#{i} ({requests[i].Body.Length} bytes) no answer: {e.Message}");
            }
        });

        var byStatus = statuses.GroupBy(s => s).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count());
        result.Measure($"{generator.Name}Requests", count);
        result.Measure($"{generator.Name}Statuses", byStatus);
        result.Expect(serverErrors.IsEmpty, $"{generator.Name}: {serverErrors.Count} answers 5xx or none, e.g. {string.Join(" | ", serverErrors.Take(3))}");
    }

    /// <summary>The console logger's error and critical lines ("fail: Category[id]", "crit: ...").</summary>
    [GeneratedRegex(@"^(fail|crit): .*\n.*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
