using Humas.Bot.Host;

namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// Woken after new deliveries are committed in this process (a fan-out batch), so the dispatcher leases them at once
/// instead of at its next idle poll; rows written by another instance are still found by that poll.
/// </summary>
public sealed class DispatchWake : WorkSignal;
