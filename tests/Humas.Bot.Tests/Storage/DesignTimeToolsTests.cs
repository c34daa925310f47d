using System.Diagnostics;
using System.Reflection;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Storage;

/// <summary>
/// The EF Core tools as developers run them (scripts/add-migration.sh): the dotnet-ef local tool with
/// tools/Humas.Bot.DesignTime as start-up project finds both providers' contexts and reports no pending model
/// change; and that project alone carries the EF design package: the published service has none of it.
/// Both run on the build the tests run on (--no-build, same configuration).
/// </summary>
public sealed class DesignTimeToolsTests
{
    private static readonly string Configuration =
        typeof(DesignTimeToolsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    [Theory]
    [InlineData("SqliteHumasDbContext")]
    [InlineData("PostgresHumasDbContext")]
    public async Task Dotnet_ef_finds_no_pending_model_changes(string context)
    {
        var (code, output) = await DotnetAsync(
            "ef", "migrations", "has-pending-model-changes", "--context", context,
            "--project", "src/Humas.Bot", "--startup-project", "tools/Humas.Bot.DesignTime",
            "--configuration", Configuration, "--no-build");
        Assert.True(code == 0, $"dotnet ef exited with {code} (is the local tool restored? tests/setup/dotnet-tools.sh):\n{output}");
        Assert.Contains("No changes have been made to the model since the last migration.", output);
    }

    [Fact]
    public async Task The_published_service_has_no_EF_design_package()
    {
        var folder = Directory.CreateTempSubdirectory("humas-publish-").FullName;
        try
        {
            var (code, output) = await DotnetAsync("publish", "src/Humas.Bot", "--configuration", Configuration, "--no-build", "--output", folder);
            Assert.True(code == 0, $"dotnet publish exited with {code}:\n{output}");
            var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
            Assert.Contains("Humas.Bot.dll", files);
            Assert.Contains("Microsoft.EntityFrameworkCore.Relational.dll", files);
            Assert.DoesNotContain(files, f => f!.StartsWith("Microsoft.EntityFrameworkCore.Design", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Design", await File.ReadAllTextAsync(Path.Combine(folder, "Humas.Bot.deps.json")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs dotnet in the repository root; the bound is only there so a hung tool cannot hang the suite.</summary>
    private static async Task<(int ExitCode, string Output)> DotnetAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = RepositoryRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
