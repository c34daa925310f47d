namespace Humas.Bot.Delivery.Channels;

/// <summary>
/// The order in which the gateway lets platform calls through when the shared limits are tight: lower goes
/// first. A call waiting for a slot holds back every lower-priority call of its channel, so a reader's
/// button is answered and their command replied to while a broadcast is running.
/// </summary>
public enum SendPriority
{
    /// <summary>The answer to a press (Telegram's answerCallbackQuery): the reader's spinner waits for it.</summary>
    Interactive = 0,

    /// <summary>A reply to a command or a message the reader just sent.</summary>
    Reply = 1,

    /// <summary>Durable notices: tips' status to a contributor, new tips and relays in the editors' chat.</summary>
    Notice = 2,

    /// <summary>A new article to a subscriber (the broadcast).</summary>
    Article = 3,
    Digest = 4,
    Recall = 5,
    Correction = 6,

    /// <summary>Coalesced reaction-counter edits: whatever capacity is left.</summary>
    CounterRefresh = 7,
}
