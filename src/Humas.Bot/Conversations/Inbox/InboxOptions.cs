using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Conversations.Inbox;

/// <summary>How the durable inboxes are handled (the same for every channel).</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>
    /// How many chats' items are handled at once, per channel. One chat's items are always handled one at a time in
    /// arrival order; different chats run side by side up to this bound, so a reader's button press does not wait
    /// behind every earlier update of other chats. 64: most lanes wait on a group commit (votes, done-marks) rather
    /// than hold a connection, and on 2 cores 64 counted votes as fast as the webhook took them (16 lanes bound the
    /// counting at about 60% of that, docs/PERFORMANCE.md); a lane needing a connection beyond PostgreSQL's pool
    /// waits for one. 1 handles the whole inbox serially, as before.
    /// </summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 64;

    /// <summary>
    /// How long the inbox worker, caught up, waits before it looks for new items when nothing wakes it. Items stored by
    /// this process wake it at once; so do items stored by another instance on PostgreSQL, through the cluster's listener
    /// (docs/OPERATIONS.md, "Waking other instances"). The wait is the fallback for a wake that was lost (the listener's
    /// connection down), so 1 s bounds that case; a longer wait costs fewer empty looks and more latency when a wake is lost.
    /// </summary>
    [Range(1, 3600)]
    public int IdleWaitSeconds { get; set; } = 1;
}

/// <summary>Generated at build time (no reflection at start) from the attributes above.</summary>
[OptionsValidator]
public sealed partial class InboxOptionsValidator : IValidateOptions<InboxOptions>;
