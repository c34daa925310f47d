namespace Humas.Bot.Publishing;

/// <summary>
/// Publish API keys kept outside configuration (the dashboard's). The API accepts a key from
/// <c>Publishing:ApiKeys</c> or from any registered store, and is off only when both have none.
/// </summary>
public interface IPublishKeyStore
{
    Task<bool> HasActiveKeysAsync(CancellationToken cancellationToken);

    Task<bool> IsValidAsync(string presentedKey, CancellationToken cancellationToken);
}
