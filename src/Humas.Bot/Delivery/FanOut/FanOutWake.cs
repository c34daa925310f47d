using Humas.Bot.Host;

namespace Humas.Bot.Delivery.FanOut;

/// <summary>Woken by the publish API after its commit, so a published article is planned at once.</summary>
public sealed class FanOutWake : WorkSignal;
