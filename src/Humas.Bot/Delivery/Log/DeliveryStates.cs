using Humas.Bot.Delivery.Model;

namespace Humas.Bot.Delivery.Log;

/// <summary>
/// The words the log, its filters, its CSV and the CLI use for a delivery's state: lower-case with hyphens
/// ("gave-up"), the same in every place, so a CLI filter can be pasted from a CSV and back.
/// </summary>
public static class DeliveryStates
{
    public static IReadOnlyList<DeliveryState> All { get; } = Enum.GetValues<DeliveryState>();

    public static string Name(DeliveryState state) => state switch
    {
        DeliveryState.GaveUp => "gave-up",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>"gave-up", "GaveUp" and "gaveup" all read as <see cref="DeliveryState.GaveUp"/>; null for anything else.</summary>
    public static DeliveryState? Parse(string? text)
    {
        var key = text?.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<DeliveryState>(key, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(key, out _)
            ? state
            : null;
    }
}
