using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Ingestion;

/// <summary><c>Ingestion</c> section: limits shared by every source.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Bodies larger than this are cut off with an error (feeds and pages alike).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Sources polled at the same time, across all hosts.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentPolls { get; set; } = 16;

    /// <summary>Requests in flight to one host at once (politeness).</summary>
    [Range(1, 64)]
    public int MaxConcurrentPerHost { get; set; } = 2;

    /// <summary>Longest wait between retries of a failing source.</summary>
    [Range(60, 7 * 24 * 3600)]
    public int MaxBackoffSeconds { get; set; } = 6 * 3600;

    /// <summary>Consecutive failures after which a source is shown as dead (it is still retried at the cap).</summary>
    [Range(1, 10_000)]
    public int DeadAfterFailures { get; set; } = 20;

    /// <summary>Article pages fetched per poll of an HTML listing (newest first).</summary>
    [Range(1, 200)]
    public int MaxArticlesPerListing { get; set; } = 20;

    /// <summary>
    /// Lets sources, their redirects and the pages they link to be fetched from loopback, private, link-local
    /// and other non-public addresses (an intranet feed, the tests' local servers). Off, every such connection is
    /// refused after DNS, so nobody who can add a source or publish a link can make the service read its own
    /// network or the cloud metadata endpoint.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public string UserAgent { get; set; } = "HumasBot/1.0 (+https://github.com/humas-bot)";
}

/// <summary>Generated at build time from the attributes above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class IngestionOptionsValidator : IValidateOptions<IngestionOptions>;
