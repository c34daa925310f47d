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
    /// behind every earlier update of other chats. 16 keeps a loaded 2-core machine busy without letting a burst
    /// of chats take every database connection; 1 handles the whole inbox serially, as before.
    /// </summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;
}

/// <summary>Generated at build time (no reflection at start) from the attributes above.</summary>
[OptionsValidator]
public sealed partial class InboxOptionsValidator : IValidateOptions<InboxOptions>;
