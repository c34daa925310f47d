using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Channels.WhatsApp.Limits;
using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Channels.WhatsApp;

/// <summary>Graph API error codes (docs/WHATSAPP.md) in the delivery engine's terms.</summary>
public static class WhatsAppFailureClassifier
{
    public const int BadToken = 190;
    public const int AccountRateLimit = 80007;
    public const int Throughput = 130429;
    public const int Spam = 131048;
    public const int PairRate = 131056;
    public const int OutsideWindow = 131047;
    public const int Undeliverable = 131026;
    public const int OptedOut = 131050;
    public const int Unknown = 131000;
    public const int Unavailable = 2;

    /// <summary>Meta's advice for the pair rate: back off, starting at a few seconds.</summary>
    public static readonly TimeSpan PairRateBackoff = TimeSpan.FromSeconds(6);

    /// <param name="tokenPause">How long a refused token (190) pauses the whole number (<see cref="WhatsAppOptions.TokenRetrySeconds"/>).</param>
    public static DeliveryFailure Classify(Exception error, TimeSpan tokenPause)
    {
        if (error is WhatsAppTierFullException full)
        {
            // Our own count, not Meta's answer: this reader waits for a slot in the rolling day; others go on.
            return new DeliveryFailure.RetryAfter(RateLimitScope.Conversation, full.RetryAfter, full.Message);
        }

        if (error is WhatsAppNumberUnknownException unknown)
        {
            // An institution's number taken out of configuration: its readers are not reached through another number
            // (they never wrote to it); put back, the number sends again. Retried as Telegram's unknown bot is.
            return new DeliveryFailure.Transient("whatsapp: " + unknown.Message);
        }

        if (error is not GraphApiException e)
        {
            // Connection refused or reset, a timeout: the network, not the message.
            return error is HttpRequestException or TimeoutException or IOException
                ? new DeliveryFailure.Transient(error.Message)
                : new DeliveryFailure.Transient(error.GetType().Name + ": " + error.Message);
        }

        var reason = $"WhatsApp {e.Code}: {e.Message}";
        return e.Code switch
        {
            Throughput => new DeliveryFailure.RetryAfter(RateLimitScope.Bot, e.RetryAfter ?? TimeSpan.FromSeconds(1), reason),
            AccountRateLimit or Spam => new DeliveryFailure.RetryAfter(RateLimitScope.Bot, e.RetryAfter ?? TimeSpan.FromSeconds(60), reason),
            PairRate => new DeliveryFailure.RetryAfter(RateLimitScope.Conversation, e.RetryAfter ?? PairRateBackoff, reason),
            Undeliverable or OptedOut => new DeliveryFailure.RecipientGone(reason),
            // A revoked or expired token is an operator's fix: the whole number pauses (every delivery waits, none
            // is given up, no attempt counted) and WhatsAppTokenHealth tells the operator.
            BadToken => new DeliveryFailure.RetryAfter(RateLimitScope.Bot, tokenPause, reason),
            Unknown or Unavailable => new DeliveryFailure.Transient(reason),
            _ when e.Status >= 500 || e.Status is 408 or 429 => new DeliveryFailure.Transient(reason),
            // 131047 reaches here only for a message with no template form (a text, a digest): the window is closed.
            _ => new DeliveryFailure.MessageInvalid(reason),
        };
    }
}
