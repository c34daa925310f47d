namespace Humas.Bot.Alerts;

/// <summary>What went wrong; each kind has one detector (or, for tokens, the channels' reports).</summary>
public enum IncidentKind
{
    /// <summary>A source dead, or failing for <c>Alerts:SourceFailingHours</c>.</summary>
    SourceFailing,

    /// <summary>An article's deliveries due but none sent for <c>Alerts:BroadcastStalledMinutes</c>.</summary>
    BroadcastStalled,

    /// <summary>More than <c>Alerts:GaveUpPercent</c> of an article's deliveries given up.</summary>
    BroadcastGaveUp,

    /// <summary>A platform refused a bot's token or credentials.</summary>
    TokenRejected,

    /// <summary>The data volume's free space below <c>Alerts:DiskFreeMegabytes</c>.</summary>
    DiskLow,

    /// <summary>The database at 90% of <c>Alerts:DatabaseMaxMegabytes</c> or more.</summary>
    DatabaseLarge,
}

/// <summary>
/// One cause that went wrong, de-duplicated by <see cref="Key"/> ("source:kemensos-rss"): at most one open
/// incident per key. Opened when a detector first sees the cause, resolved when it no longer does; a cause that
/// comes back while its resolution is still settling reopens the same incident instead of making a new one.
/// </summary>
public sealed class Incident
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public IncidentKind Kind { get; set; }

    /// <summary>Whose it is: its editors are told and see it in the dashboard. Null: the operators' alone (disk, database).</summary>
    public string? InstitutionId { get; set; }

    /// <summary>One line for people: what and where ("Berita Kemensos (kemensos-rss): HTTP 503").</summary>
    public required string Summary { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>How often the cause came back while settling (flapping), for the dashboard.</summary>
    public int Reopened { get; set; }
}

public enum AlertEvent
{
    Opened,
    Resolved,
}

/// <summary>Who is told, channel-neutral: the channels map it to chats (an institution's editors' group, the operators' chat).</summary>
public enum AlertAudience
{
    InstitutionEditors,
    Operators,
}

public enum AlertNotificationState
{
    Pending,
    Sent,

    /// <summary>Over <c>Alerts:MaxNotificationsPerHour</c> for its audience: not sent; the dashboard lists the incident.</summary>
    Suppressed,

    /// <summary>A resolution that did not settle (the cause came back): never sent.</summary>
    Cancelled,
    GaveUp,
}

/// <summary>
/// The alerts' durable outbox: one row per incident event and audience, written in the transaction that opened or
/// resolved the incident, handed to <see cref="IAlertDelivery"/> once <see cref="NotBefore"/> has passed.
/// </summary>
public sealed class AlertNotification
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public AlertEvent Event { get; set; }
    public AlertAudience Audience { get; set; }
    public string? InstitutionId { get; set; }
    public AlertNotificationState State { get; set; }
    public DateTime NotBefore { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}
