using System.Diagnostics;
using System.Reflection;

namespace Humas.Bot.Benchmarks;

/// <summary>
/// This program started again with one of its internal verbs (the feed server, the fake Telegram server, the press
/// clients), so the child's CPU and thread pool are not the measured process's. Parent and child talk over the child's
/// stdin and stdout; closing its stdin asks it to stop.
/// </summary>
internal static class SelfChild
{
    public static Process Start(string arguments, Action<ProcessStartInfo>? configure = null)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, $"\"{Assembly.GetExecutingAssembly().Location}\" {arguments}")
            : new ProcessStartInfo(self, arguments);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        // When the harness runs under dotnet-trace, the child must not wait for the tracer too.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        configure?.Invoke(start);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start the child '{arguments}'");
    }

    /// <summary>Load, not the thing measured: a child that serves the measured process keeps lean.</summary>
    public static void WorkstationGc(ProcessStartInfo start) => start.Environment["DOTNET_gcServer"] = "0";

    /// <summary>Closes the child's stdin, gives it 10 s to end, then kills it.</summary>
    public static async Task StopAsync(Process process)
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000))
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
