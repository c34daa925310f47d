namespace Humas.Bot.Channels.Telegram.Api.Types;

public sealed record User(long Id, bool IsBot, string FirstName)
{
    public string? LastName { get; init; }
    public string? Username { get; init; }
    public string? LanguageCode { get; init; }
}
