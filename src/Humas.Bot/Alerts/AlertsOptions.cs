using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts;

/// <summary>
/// <c>Alerts</c> section: when a cause becomes an incident, and how often people are told. The chats alerts go to
/// belong to the channels (<c>Alerts:Telegram:ChatId</c>, <c>Alerts:Teams:ConversationId</c>,
/// <c>Alerts:WhatsApp:Number</c>), each bound by its channel; docs/OPERATIONS.md ("Alerts") lists them all.
/// </summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>Off: no detector runs and nothing is sent (token incidents reported by the channels are still recorded).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the detectors look, on every instance (the database de-duplicates what they find).</summary>
    [Range(5, 3600)]
    public int CheckSeconds { get; set; } = 60;

    /// <summary>A source that has failed without a success for this long (or is dead) is an incident.</summary>
    [Range(0.01, 24 * 30)]
    public double SourceFailingHours { get; set; } = 6;

    /// <summary>An article whose deliveries have been due this long without one of them being sent is a stalled broadcast.</summary>
    [Range(1, 24 * 60)]
    public int BroadcastStalledMinutes { get; set; } = 30;

    /// <summary>More than this share of an article's deliveries given up is an incident.</summary>
    [Range(0.1, 100)]
    public double GaveUpPercent { get; set; } = 10;

    /// <summary>Below this many deliveries an article's given-up share says nothing (3 of 5 readers blocking the bot is not an outage).</summary>
    [Range(1, 1_000_000)]
    public int GaveUpMinimumDeliveries { get; set; } = 20;

    /// <summary>Articles published within this many hours are watched for given-up deliveries.</summary>
    [Range(1, 24 * 30)]
    public int GaveUpWindowHours { get; set; } = 24;

    /// <summary>Free space on the data volume below this is an incident; 0 = not watched.</summary>
    [Range(0, 10_000_000)]
    public long DiskFreeMegabytes { get; set; } = 1024;

    /// <summary>The folder whose volume is watched; empty = the SQLite database's folder, else the working directory.</summary>
    public string? DiskPath { get; set; }

    /// <summary>The database at 90% of this size or more is an incident; 0 = not watched.</summary>
    [Range(0, 100_000_000)]
    public long DatabaseMaxMegabytes { get; set; }

    /// <summary>
    /// A cause that goes away is told as resolved only after it has stayed away this long; back within it, the same
    /// incident goes on and nobody is told twice (a flapping source does not storm).
    /// </summary>
    [Range(0, 24 * 60)]
    public int SettleMinutes { get; set; } = 15;

    /// <summary>
    /// At most this many notifications per audience (one institution's editors, the operators) per hour; beyond it
    /// they are recorded as suppressed and the dashboard's incidents page is where to look.
    /// </summary>
    [Range(1, 1000)]
    public int MaxNotificationsPerHour { get; set; } = 10;

    /// <summary>Tries at handing a notification to the outbox (a database error) before it is given up.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The language alerts are written in: "id" (Bahasa Indonesia) or "en".</summary>
    [RegularExpression("^(id|en)$")]
    public string Language { get; set; } = "id";

    public TimeSpan Check => TimeSpan.FromSeconds(CheckSeconds);

    public TimeSpan Settle => TimeSpan.FromMinutes(SettleMinutes);
}

/// <summary>Generated at build time from the attributes above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class AlertsOptionsValidator : IValidateOptions<AlertsOptions>;
