namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// Every command with its Indonesian word first and its English alias. Channels register the menu from this
/// list (Telegram's setMyCommands per language), and the parser resolves both words to one meaning.
/// </summary>
public static class CommandCatalog
{
    public sealed record Entry(CommandName Name, string Indonesian, string English, string DescriptionKey);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new(CommandName.Start, "start", "start", "commands.menu.start"),
        new(CommandName.Subscribe, "langganan", "subscribe", "commands.menu.subscribe"),
        new(CommandName.Stop, "berhenti", "stop", "commands.menu.stop"),
        new(CommandName.Settings, "pengaturan", "settings", "commands.menu.settings"),
        new(CommandName.Latest, "terbaru", "latest", "commands.menu.latest"),
        new(CommandName.Search, "cari", "search", "commands.menu.search"),
        new(CommandName.Tip, "usulan", "tip", "commands.menu.tip"),
        new(CommandName.Cancel, "batal", "cancel", "commands.menu.cancel"),
        new(CommandName.Status, "status", "status", "commands.menu.status"),
        new(CommandName.Register, "daftar", "register", "commands.menu.register"),
        new(CommandName.Top, "teraktif", "top", "commands.menu.top"),
        new(CommandName.Help, "bantuan", "help", "commands.menu.help"),
    ];

    public static CommandName Resolve(string word)
    {
        foreach (var entry in Entries)
        {
            if (entry.Indonesian == word || entry.English == word)
            {
                return entry.Name;
            }
        }

        return CommandName.Unknown;
    }

    /// <summary>The word a reader of <paramref name="language"/> sees for <paramref name="name"/>.</summary>
    public static string Word(CommandName name, string language)
    {
        var entry = Entries.First(e => e.Name == name);
        return language == Localization.Languages.English ? entry.English : entry.Indonesian;
    }
}
