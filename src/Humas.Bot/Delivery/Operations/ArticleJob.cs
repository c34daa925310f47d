using Humas.Bot.Host;
using Humas.Bot.Ingestion.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Humas.Bot.Delivery.Operations;

public enum ArticleJobKind
{
    /// <summary>Cancel what is queued, then delete every sent copy from its platform.</summary>
    Recall,

    /// <summary>Edit every sent copy that shows an older revision into the current one.</summary>
    Correct,
}

public enum ArticleJobState
{
    Pending,

    /// <summary>Claimed by a worker until <see cref="ArticleJob.LeaseExpiresAt"/>, which it renews while it works.</summary>
    Running,

    /// <summary>Some copies failed transiently (or the run failed): runs again at <see cref="ArticleJob.NextAttemptAt"/>.</summary>
    Retrying,

    /// <summary>Every copy was handled; <see cref="ArticleJob.Failed"/> counts the ones the platform refused for good.</summary>
    Done,

    /// <summary>Given up after <see cref="DeliveryOptions.MaxAttempts"/> runs; the reason is in LastError.</summary>
    Failed,
}

/// <summary>
/// A recall or correction of an article's broadcast, requested from the dashboard or the CLI: a durable job that any instance
/// claims with a lease (as the dispatcher leases deliveries), retried with the delivery retry policy, surviving a
/// restart. Its counts are the article page's progress. The per-recipient results are on the delivery rows.
/// </summary>
public sealed class ArticleJob
{
    public long Id { get; set; }
    public Guid ArticleId { get; set; }
    public ArticleJobKind Kind { get; set; }
    public ArticleJobState State { get; set; }

    /// <summary>Who asked for it (the dashboard account, or <c>cli:user@host</c>).</summary>
    public string RequestedBy { get; set; } = "";
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>Copies deleted or edited, over all runs.</summary>
    public int Done { get; set; }

    /// <summary>Copies whose delete or edit failed in the latest run (the reasons are on the delivery rows).</summary>
    public int Failed { get; set; }

    /// <summary>Copies the job did not apply to (already current, channel off) in the latest run.</summary>
    public int Skipped { get; set; }

    /// <summary>Queued sends a recall cancelled.</summary>
    public int Cancelled { get; set; }
    public string? LastError { get; set; }

    /// <summary>The request's W3C traceparent: each run's span is its child (see <see cref="Host.TraceParent"/>).</summary>
    public string? TraceParent { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public bool IsActive => State is ArticleJobState.Pending or ArticleJobState.Running or ArticleJobState.Retrying;
}

internal sealed class ArticleJobMapping : IEntityTypeConfiguration<ArticleJob>
{
    public void Configure(EntityTypeBuilder<ArticleJob> b)
    {
        b.ToTable("ArticleJobs");
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.Property(x => x.LeaseOwner).HasMaxLength(64);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.TraceParent).HasMaxLength(Host.TraceParent.MaxLength);
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // One active job per article, whichever instance asked: a second request while one runs is refused.
        // Quoted identifiers and string literals read the same on SQLite and PostgreSQL; enums are stored by name.
        b.HasIndex(x => x.ArticleId).IsUnique().HasFilter("\"State\" IN ('Pending', 'Running', 'Retrying')")
            .HasDatabaseName("IX_ArticleJobs_ArticleId_Active");
        // The workers' claim scan.
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
    }
}
