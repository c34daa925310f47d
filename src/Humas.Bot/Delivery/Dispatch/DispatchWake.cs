using Humas.Bot.Host;

namespace Humas.Bot.Delivery.Dispatch;

/// <summary>
/// Woken after new deliveries are committed in this process (a fan-out batch), so the dispatcher leases them at once
/// instead of at its next idle poll; on PostgreSQL also when another instance's fan-out committed some
/// (<see cref="Storage.Cluster.ClusterWakeListener"/>). The poll stays for retries coming due and for a wake that was lost.
/// </summary>
public sealed class DispatchWake : WorkSignal;
