using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery;

/// <summary>Settings under <c>Delivery</c>.</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Delivery";

    /// <summary>
    /// The most deliveries leased and not yet recorded at once (sending, waiting for a rate-limit slot, or awaiting their
    /// commit); also the most a crash can send twice. What a kill actually sends twice is smaller: only the rows on
    /// the wire or awaiting their commit (about rate × round trip), since rows still waiting for a slot were never sent.
    /// 256 lets a paid broadcast keep 1000/s in flight over a 150 ms round trip (1000 × 0.17 s ≈ 170); the dispatcher
    /// leases only about a second of sends at the rate results come back, so at 30/s far fewer rows are leased.
    /// </summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 256;

    /// <summary>How long a leased delivery belongs to a dispatcher before another may take it.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>Attempts after which a transiently failing delivery is given up.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    [Range(0.01, 3600)]
    public double BackoffBaseSeconds { get; set; } = 2;

    [Range(0.01, 86400)]
    public double BackoffCapSeconds { get; set; } = 600;

    /// <summary>
    /// A worker waits in memory for a rate-limit token at most this long; a longer wait (a 429, a busy group)
    /// puts the row back in the outbox with its due time instead of holding a worker. 0 = never wait.
    /// </summary>
    [Range(0, 60000)]
    public int MaxRateWaitMilliseconds { get; set; } = 2000;

    /// <summary>
    /// Space the bot-wide sends evenly (30/s: one every 33 ms) instead of granting the whole second's
    /// allowance at once. The fake Telegram server counts arrivals: in delivery-fidelity (300 chats, quick run)
    /// bursts had about 21% of sends answered 429 and reached 0.71 of 30/s; see docs/PERFORMANCE.md.
    /// Conversation and tenant windows still allow their bursts (a group's 20/min).
    /// </summary>
    public bool PaceBotEvenly { get; set; } = true;

    /// <summary>
    /// Far from the platform, a completed call holds its rate-limit slot from its answer less the shortest recent round
    /// trip less this much, for how much the ways there and back vary (see docs/DELIVERY.md "Rate limits"). A network
    /// whose ways vary more (429s answered to a far bot) wants more; 0 trusts the shortest round trip exactly.
    /// </summary>
    [Range(0, 1000)]
    public int RoundTripAllowanceMilliseconds { get; set; } = (int)RateLimiting.ChannelRateLimiter.DefaultAllowance.TotalMilliseconds;

    /// <summary>
    /// Pause between outbox scans when nothing is due. New deliveries end it early (this process's fan-out, and on
    /// PostgreSQL another instance's), so it bounds how late a retry coming due, an expired lease, a notice or a digest
    /// part is seen. Up to ten minutes, for tests that must see a wake rather than a scan.
    /// </summary>
    [Range(10, 600_000)]
    public int IdlePollMilliseconds { get; set; } = 250;

    /// <summary>Conversations per fan-out insert statement (each batch is its own short transaction).</summary>
    [Range(100, 1_000_000)]
    public int FanOutBatchSize { get; set; } = 50_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BackoffCapSeconds < BackoffBaseSeconds)
        {
            yield return new ValidationResult("must be at least BackoffBaseSeconds", [nameof(BackoffCapSeconds)]);
        }
    }
}

/// <summary>Generated at build time (no reflection at start) from the attributes and Validate above.</summary>
[OptionsValidator]
public sealed partial class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>;
