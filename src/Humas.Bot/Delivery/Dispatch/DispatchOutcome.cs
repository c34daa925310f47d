namespace Humas.Bot.Delivery.Dispatch;

/// <summary>What happened to one leased delivery; applied to the outbox after the send.</summary>
internal abstract record DispatchOutcome
{
    public sealed record Sent(string MessageId, int Revision) : DispatchOutcome;

    /// <summary>Not attempted or rate limited: back to the queue at <paramref name="Until"/>, no attempt used up.</summary>
    public sealed record Deferred(DateTime Until, string? Reason) : DispatchOutcome;

    public sealed record Retry(DateTime Until, string Reason) : DispatchOutcome;

    public sealed record GaveUp(string Reason) : DispatchOutcome;

    public sealed record Skipped(string Reason) : DispatchOutcome;

    /// <summary>The recipient is gone: deactivate the conversation and skip its queue.</summary>
    public sealed record Gone(string Reason) : DispatchOutcome;

    /// <summary>The conversation moved to a new platform id: move it and send again there.</summary>
    public sealed record Moved(string NewExternalId, string Reason) : DispatchOutcome;
}
