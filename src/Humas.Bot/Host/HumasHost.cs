using Humas.Bot.Cli;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Host;

public static class HumasHost
{
    /// <summary>
    /// The builder for both the service and the CLI. Settings files are read from the app's own folder,
    /// so <c>dotnet run</c> from any directory finds them; the SQLite file stays relative to the working
    /// directory as operators expect.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (CliRunner.IsCliInvocation(args))
        {
            // The CLI prints tables; the service's info logs would only bury them.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => CliConsole.Create());
        builder.Services.AddSingleton<CliRunner>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// Validates settings, migrates the database, syncs configured sources, then runs the CLI verb in
    /// <paramref name="args"/> or the service until Ctrl+C. A bad setting is one line on stderr naming the
    /// key, and exit code 2.
    /// </summary>
    public static async Task<int> RunOrCliAsync(this WebApplication app, string[] args)
    {
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (CliRunner.IsCliInvocation(args))
            {
                e.Cancel = true;
                stopping.Cancel();
            }
        };

        try
        {
            // Before anything is constructed: a hosted service reading a bad option in its constructor would
            // otherwise fail first, with a stack trace instead of the one line naming the key.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            if (CliRunner.IsCliInvocation(args))
            {
                // The same preparation the service does (migrate, sync sources), without starting it: only these steps
                // are resolved, not every hosted service the CLI never runs.
                foreach (var service in app.Services.GetServices<StartingPhaseService>())
                {
                    await service.StartingAsync(stopping.Token);
                }

                return await app.Services.GetRequiredService<CliRunner>().RunAsync(args, stopping.Token);
            }

            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join("; ", e.Failures)}");
            return 2;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            // The start-up validator gathers every failing section; a validator that reads another section (the
            // Telegram bots' reads Telegram:) repeats that section's failure, so each sentence is said once.
            var failures = e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures).Distinct(StringComparer.Ordinal);
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join("; ", failures)}");
            return 2;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
            return 2;
        }
    }
}
