namespace Humas.Bot.Publishing;

/// <summary>
/// Publish API keys kept outside configuration (the dashboard's). The API accepts a key from
/// <c>Publishing:ApiKeys</c> or <c>Publishing:Keys</c> or from any registered store, and is off only when all have none.
/// </summary>
public interface IPublishKeyStore
{
    Task<bool> HasActiveKeysAsync(CancellationToken cancellationToken);

    /// <summary>Whom an active key publishes for; null for an unknown or revoked key.</summary>
    Task<PublishGrant?> FindAsync(string presentedKey, CancellationToken cancellationToken);
}
