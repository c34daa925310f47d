using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Humas.Bot.FaultSuite.Support;
using Humas.Bot.Ingestion.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.FaultSuite.Scenarios;

/// <summary>
/// A single instance on SQLite whose disk fills up, then turns read-only, while a CMS keeps publishing. The
/// database lives on a tmpfs of a few megabytes mounted for the scenario (remounted read-only for the second
/// half). Promise: each refused publish is a 503 problem that names the cause (never a 500), the service keeps
/// running and answering /healthz, every article acknowledged 201 is in the database and no other is, and
/// PRAGMA integrity_check says ok. Where mounting is not permitted the scenario is reported skipped.
/// </summary>
public sealed class SqliteDiskScenario : IFaultScenario
{
    private const string Key = "fault-suite-key";

    public string Name => "sqlite-disk";

    public async Task RunAsync(ScenarioResult result, bool quick, CancellationToken ct)
    {
        var mount = Directory.CreateTempSubdirectory("humas-fault-disk-").FullName;
        if (!await TryRunAsync("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount))
        {
            result.Skipped = "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)";
            Directory.Delete(mount);
            return;
        }

        try
        {
            await using var deployment = await Deployment.SqliteAsync(mount);
            deployment.Settings["Publishing__ApiKeys__0"] = Key;
            var instance = deployment.Start();
            await Wait.UntilReadyAsync(1, instance);

            var acknowledged = new List<string>();
            var full = await PublishUntilRefusedAsync(instance, acknowledged, "full", result);
            result.Measure("acknowledgedBeforeFull", acknowledged.Count);
            result.Expect(full, "the disk never filled up: the scenario tested nothing");

            var health = await Instance.Client.GetAsync(instance.BaseUrl + "/healthz", ct);
            result.Measure("healthzOnFullDisk", (int)health.StatusCode);
            result.Expect(!instance.HasExited, "the instance died on the full disk");
            instance.Kill();

            // The disk turns read-only (a file system remounted after errors): the service must say so and stop, not run half-working.
            // (This process's own pooled connections from seeding hold the file open for writing; a remount needs them closed.)
            SqliteConnection.ClearAllPools();
            result.Expect(await TryRunAsync("mount", "-o", "remount,ro", mount), "could not remount the disk read-only");
            var onReadOnly = deployment.Start();
            _ = await Task.WhenAny(onReadOnly.Process.WaitForExitAsync(TimeSpan.FromSeconds(90)), Wait.UntilReadyAsync(1, onReadOnly));
            if (onReadOnly.HasExited)
            {
                var output = onReadOnly.Process.StandardOutput + onReadOnly.Process.StandardError;
                result.Measure("readOnlyStart", "refused");
                result.Measure("readOnlyMessage", Wait.Tail(output, 400));
                result.Expect(output.Contains("readonly", StringComparison.OrdinalIgnoreCase) || output.Contains("read-only", StringComparison.OrdinalIgnoreCase)
                              || output.Contains("unable to open", StringComparison.OrdinalIgnoreCase), "the read-only start failed without naming the cause");
            }
            else
            {
                result.Measure("readOnlyStart", "running");
                result.Expect(await PublishUntilRefusedAsync(onReadOnly, acknowledged, "read-only", result), "a publish on the read-only disk was accepted");
                onReadOnly.Kill();
            }

            // The operator frees the disk: what was acknowledged is there, nothing else, and the file is sound.
            result.Expect(await TryRunAsync("mount", "-o", "remount,rw", mount), "could not remount the disk read-write");
            await using (var connection = new SqliteConnection(deployment.ConnectionString + ";Pooling=False"))
            {
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA integrity_check";
                var integrity = (string?)await command.ExecuteScalarAsync(ct);
                result.Measure("integrityCheck", integrity);
                result.Expect(integrity == "ok", $"integrity_check: {integrity}");
                command.CommandText = "SELECT \"Url\" FROM \"Articles\"";
                var stored = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        stored.Add(reader.GetString(0));
                    }
                }

                result.Measure("articlesStored", stored.Count);
                result.Expect(stored.Order().SequenceEqual(acknowledged.Order()), $"{stored.Count} articles stored for {acknowledged.Count} acknowledged");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await TryRunAsync("umount", "-l", mount);
            try
            {
                Directory.Delete(mount, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Publishes articles with long bodies until one is refused; every refusal must be a clear 503.</summary>
    private static async Task<bool> PublishUntilRefusedAsync(Instance instance, List<string> acknowledged, string phase, ScenarioResult result)
    {
        var body = string.Concat(Enumerable.Repeat("<p>Paragraf berita yang panjang untuk mengisi disk. </p>", 400));
        for (var i = 0; i < 2_000; i++)
        {
            var url = $"https://kominfo.go.id/berita/{phase}-{i}-{Guid.NewGuid():N}";
            using var request = new HttpRequestMessage(HttpMethod.Post, instance.BaseUrl + "/api/articles")
            {
                Content = JsonContent.Create(new { institution = "kominfo", title = $"Berita {phase} {i}", url, summary = "Ringkasan.", body }),
            };
            request.Headers.Add("X-Api-Key", Key);
            using var response = await Instance.Client.SendAsync(request);
            if (response.StatusCode is HttpStatusCode.Created)
            {
                acknowledged.Add(url);
                continue;
            }

            var problem = await response.Content.ReadAsStringAsync();
            result.Measure($"{phase}Status", (int)response.StatusCode);
            result.Measure($"{phase}Problem", problem.Length > 300 ? problem[..300] : problem);
            var clear = response.StatusCode == HttpStatusCode.ServiceUnavailable
                        && (problem.Contains("full", StringComparison.OrdinalIgnoreCase) || problem.Contains("read-only", StringComparison.OrdinalIgnoreCase)
                            || problem.Contains("cannot be written", StringComparison.OrdinalIgnoreCase));
            result.Expect(clear, $"{phase} disk: answered {(int)response.StatusCode} without a clear cause: {problem}");
            return true;
        }

        return false;
    }

    private static async Task<bool> TryRunAsync(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
