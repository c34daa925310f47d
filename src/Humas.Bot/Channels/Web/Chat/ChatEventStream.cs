using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Humas.Bot.Channels.Web.Visitors;

namespace Humas.Bot.Channels.Web.Chat;

/// <summary>
/// <c>GET /chat/api/events?after=…</c> (the visitor from the header or the chat cookie): server-sent events
/// (<c>TypedResults.ServerSentEvents</c>). Sends what was stored after <c>after</c> (or Last-Event-ID) and every
/// later new, edited or deleted message, each as an unnamed event with the message's id and its envelope as data;
/// a <c>ping</c> event (the page has no listener for it) after each quiet poll keeps proxies from closing the
/// stream. It ends when the page goes away or the service stops (the browser's EventSource then reconnects,
/// with Last-Event-ID, to whichever instance answers).
/// </summary>
public static class ChatEventStream
{
    /// <summary>An open stream re-reads the database at least this often, so writes by another instance arrive too.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    /// <summary>Changes are re-read with this overlap: a write committed just after a read is never skipped (the page ignores repeats).</summary>
    private static readonly TimeSpan ChangeOverlap = TimeSpan.FromSeconds(5);

    public static IResult Open(
        HttpContext http, VisitorIds ids, WebInbox inbox, WebChatSignal signal, TimeProvider time, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (WebRequests.Visitor(http, ids, allowCookie: true) is not { } visitor)
        {
            return WebRequests.VisitorRejected();
        }

        var after = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last
            : long.TryParse(http.Request.Query["after"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : 0;
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(ChangesAsync(visitor, after, inbox, signal, time, lifetime.ApplicationStopping, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> ChangesAsync(
        string visitor, long after, WebInbox inbox, WebChatSignal signal, TimeProvider time, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        using var listener = signal.Listen(visitor);
        // What this stream already sent, by message and version: the overlap re-reads them, they are not re-sent.
        var sent = new Dictionary<long, DateTime>();
        var since = time.GetUtcNow().UtcDateTime - ChangeOverlap;
        while (true)
        {
            var readAt = time.GetUtcNow().UtcDateTime;
            if (await ReadAsync(inbox, visitor, after, since, done.Token) is not { } changes)
            {
                yield break;
            }

            var any = false;
            foreach (var message in changes)
            {
                if (sent.TryGetValue(message.Id, out var version) && version == message.UpdatedAt)
                {
                    continue;
                }

                sent[message.Id] = message.UpdatedAt;
                after = Math.Max(after, message.Id);
                any = true;
                yield return new SseItem<string>(JsonSerializer.Serialize(message, WebJsonContext.Default.WebMessageEnvelope))
                {
                    EventId = after.ToString(CultureInfo.InvariantCulture),
                };
            }

            if (!any)
            {
                yield return new SseItem<string>("", "ping");
            }

            since = readAt - ChangeOverlap;
            foreach (var old in sent.Where(p => p.Value < since).Select(p => p.Key).ToList())
            {
                sent.Remove(old);
            }

            if (!await WaitAsync(listener, done.Token))
            {
                yield break;
            }
        }
    }

    /// <summary>The changes, or null once the page went away or the service is stopping.</summary>
    private static async Task<IReadOnlyList<WebMessageEnvelope>?> ReadAsync(WebInbox inbox, string visitor, long after, DateTime since, CancellationToken ct)
    {
        try
        {
            return await inbox.ChangesAsync(visitor, after, since, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Until woken or the poll interval passed: true; false once the page went away or the service is stopping.</summary>
    private static async Task<bool> WaitAsync(WebChatSignal.Listener listener, CancellationToken ct)
    {
        try
        {
            await listener.WaitAsync(Poll, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
