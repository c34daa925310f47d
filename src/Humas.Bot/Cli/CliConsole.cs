using Spectre.Console;

namespace Humas.Bot.Cli;

public static class CliConsole
{
    /// <summary>
    /// The operator's console. Piped into a file or another tool, tables get a wide fixed width and no
    /// colour codes (also when NO_COLOR is set), so scripts and logs read cleanly.
    /// </summary>
    public static IAnsiConsole Create()
    {
        var plain = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 200;
        }

        return console;
    }
}
