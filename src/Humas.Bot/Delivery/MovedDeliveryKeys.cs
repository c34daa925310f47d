using Microsoft.Extensions.Options;

namespace Humas.Bot.Delivery;

/// <summary>
/// The channels' limits left <c>Delivery:Telegram:*</c> and <c>Delivery:Teams:*</c> for the channels' own sections.
/// A configuration that still sets the old keys stops the service with the new key's name, instead of silently
/// running on the defaults (an operator who had lowered the bot-wide rate would otherwise be sent 429s).
/// </summary>
internal sealed class MovedDeliveryKeys(IConfiguration configuration) : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var failures = new[] { "Telegram", "Teams" }
            .SelectMany(channel => configuration.GetSection($"{DeliveryOptions.Section}:{channel}").GetChildren()
                .Select(key => $"{DeliveryOptions.Section}:{channel}:{key.Key}: moved to {channel}:{key.Key} (docs/DELIVERY.md)"))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
