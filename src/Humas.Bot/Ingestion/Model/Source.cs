namespace Humas.Bot.Ingestion.Model;

public enum SourceKind
{
    Rss,
    Html,
}

/// <summary>Who defines a source: <c>Sources</c> in configuration, or an admin in the dashboard (see docs/ADMIN.md).</summary>
public enum SourceOrigin
{
    Configuration,
    Dashboard,
}

/// <summary>Operator-visible health of a source; see docs/INGESTION.md.</summary>
public enum SourceState
{
    Active,
    BackingOff,
    Dead,
    Disabled,
}

/// <summary>
/// A feed or news listing that is polled. Configuration fields come from <c>Sources</c> in appsettings;
/// the health fields are owned by the poller and survive restarts.
/// </summary>
public sealed class Source
{
    public required string Id { get; set; }
    public required string InstitutionId { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }

    /// <summary>The URL as configured; <see cref="Url"/> may move on a permanent redirect.</summary>
    public required string ConfiguredUrl { get; set; }
    public SourceKind Kind { get; set; }
    public int PollSeconds { get; set; }
    public string? Category { get; set; }
    public HtmlSelectors? Selectors { get; set; }
    public bool AnnounceExistingOnFirstPoll { get; set; }
    public bool Enabled { get; set; } = true;

    // Health, written by the poller only.
    public SourceState State { get; set; }
    public bool Primed { get; set; }
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public int? MinIntervalSeconds { get; set; }
    public DateTime? LastPolledAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTime NextPollAt { get; set; }
    public int LastItemCount { get; set; }

    /// <summary>
    /// Configuration-defined sources are synced from settings at start; dashboard ones are left alone. Declared
    /// last because the migration adds the column last (the migrated schema must equal the model's, column order included).
    /// </summary>
    public SourceOrigin Origin { get; set; }

    /// <summary>When the current run of failures began (null while the source succeeds): what "failing for N hours" is measured from.</summary>
    public DateTime? FailingSince { get; set; }
}

/// <summary>CSS selectors that lead from a news listing page to each article's parts (AngleSharp).</summary>
public sealed class HtmlSelectors
{
    /// <summary>On the listing page: the links to article pages (an <c>a</c> element or one containing it).</summary>
    public string ItemLink { get; set; } = "";
    public string? Title { get; set; }
    public string? Date { get; set; }
    public string? Body { get; set; }
    public string? Image { get; set; }
    public string? Byline { get; set; }

    /// <summary>Elements inside the body to drop before text is taken (share bars, related news).</summary>
    public string? Remove { get; set; }
}
