namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>The bot's own @username from getMe, learnt at start; group commands addressed "/cmd@name" are compared with it.</summary>
public sealed class TelegramBotIdentity
{
    private volatile string? _username;

    public string? Username => _username;

    public void Set(string? username) => _username = username;

    /// <summary>True when a command's "@addressee" names this bot (or is absent).</summary>
    public bool IsAddressedToMe(string? addressee) =>
        addressee is null || (_username is { } me && string.Equals(addressee, me, StringComparison.OrdinalIgnoreCase));
}
