namespace Humas.Bot.Channels.Telegram.Api;

/// <summary>
/// One Bot API method: the record's properties are its parameters (snake_case JSON), <typeparamref name="TResult"/>
/// the type of <c>result</c>. Members here are interface members, not properties, so they never reach the JSON.
/// </summary>
public interface ITelegramRequest<TResult>
{
    /// <summary>The method name in the URL, e.g. <c>sendMessage</c>.</summary>
    string Method { get; }

    /// <summary>How long the server may hold the request on purpose (getUpdates' long poll), added to the timeout.</summary>
    TimeSpan ServerHold => TimeSpan.Zero;
}
