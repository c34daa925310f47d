using System.Diagnostics;
using Humas.Bot.Host;

namespace Humas.Bot.Delivery;

/// <summary>
/// Spans of the delivery part. Each starts as the child of the traceparent stored on the durable row it works on
/// (see <see cref="TraceParent"/>): a fan-out under the article's ingestion, a send under its fan-out (or under the
/// change a notice tells of), a recall or correction under the dashboard request that asked for it.
/// </summary>
public sealed class DeliveryTracing() : PartTracing("Delivery")
{
    public Activity? StartFanOut(Guid articleId, string? traceParent) =>
        Source.StartActivity("delivery.fan_out", ActivityKind.Internal, TraceParent.Parse(traceParent))
            ?.SetTag("humas.article.id", articleId.ToString());

    /// <summary>
    /// One per delivery. A trace the sampler leaves out still gets an unrecorded span where it starts, to carry the
    /// trace id on, so the tags (and their allocations, on a path that runs a thousand times a second) wait for a
    /// recorded one.
    /// </summary>
    public Activity? StartSend(long deliveryId, Guid? articleId, string channel, string? traceParent)
    {
        var activity = Source.StartActivity("delivery.send", ActivityKind.Producer, TraceParent.Parse(traceParent));
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("humas.delivery.id", deliveryId).SetTag("humas.article.id", articleId?.ToString()).SetTag("humas.channel", channel);
        }

        return activity;
    }

    public Activity? StartJob(ArticleJobSpan job) =>
        Source.StartActivity("delivery." + job.Kind, ActivityKind.Internal, TraceParent.Parse(job.TraceParent))
            ?.SetTag("humas.job.id", job.Id).SetTag("humas.article.id", job.ArticleId.ToString()).SetTag("humas.job.attempt", job.Attempt);

    public static void Outcome(Activity? activity, string outcome, string? error = null)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("humas.outcome", outcome);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }
}

/// <summary>What a job's span needs to know of it.</summary>
public sealed record ArticleJobSpan(long Id, Guid ArticleId, string Kind, int Attempt, string? TraceParent);
