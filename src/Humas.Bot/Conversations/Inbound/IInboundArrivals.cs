namespace Humas.Bot.Conversations.Inbound;

/// <summary>
/// The core's first look at an event as an adapter with a durable inbox takes it in (called before the event is
/// stored, so the core knows of it before the event's turn in the inbox can come): what must not wait for that turn
/// (a reaction press's toast, <see cref="PressArrivals"/>). Must return at once; whatever it starts is best effort,
/// the event's turn in the inbox does the rest (an event whose storing fails comes again from the platform).
/// </summary>
public interface IInboundArrivals
{
    /// <summary>Returns what it started (done once that is over, however it ended), or a completed task.</summary>
    Task Arrived(InboundEvent e);
}
