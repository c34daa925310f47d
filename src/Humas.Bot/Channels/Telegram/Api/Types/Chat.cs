namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>A chat; ids use up to 52 bits, hence long. <c>type</c> is private, group, supergroup or channel.</summary>
public sealed record Chat(long Id, string Type)
{
    public const string Private = "private";
    public const string Group = "group";
    public const string Supergroup = "supergroup";
    public const string Channel = "channel";

    public string? Title { get; init; }
    public string? Username { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
}
