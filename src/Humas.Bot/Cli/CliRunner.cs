using System.CommandLine;

namespace Humas.Bot.Cli;

/// <summary>Parses the command line and runs the chosen verb; errors are one line and exit code 1 or 2.</summary>
public sealed class CliRunner(IEnumerable<ICliCommand> commands)
{
    public const int UsageError = 2;

    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var root = new RootCommand("Humas Bot operator commands. Without a command the service runs.");
        foreach (var command in commands)
        {
            root.Subcommands.Add(command.Build());
        }

        // No response files: "@name" is an argument here (a Telegram channel's @username), not a file to expand.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {parse.Errors[0].Message} (see --help)");
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, ct);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
    }

    /// <summary>True when the arguments name a CLI verb rather than settings for the service.</summary>
    public static bool IsCliInvocation(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal);
}

/// <summary>An operator error: printed as one line, no stack trace.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
