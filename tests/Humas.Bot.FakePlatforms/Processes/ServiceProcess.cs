using System.Diagnostics;
using System.Text;

namespace Humas.Bot.FakePlatforms.Processes;

/// <summary>
/// Runs the real Humas.Bot executable (the build next to the calling assembly: the tests, the fault suite) as
/// a child process: for the CLI, start-up failures and crash tests, where in-process hosting would hide exit
/// codes and stderr. Shared here because the tests and the fault suite both run it.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServiceProcess(Process process)
    {
        _process = process;
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(IEnumerable<string> args, IDictionary<string, string?> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Humas.Bot.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Plain output: no colours or terminal widths that differ between a developer's shell and CI.
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "200";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(result._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>
    /// How long a CLI run may take before its test fails. Generous: a loaded 2-core machine has seen a CLI run take over
    /// a minute; a test waits for the exit, not a clock.
    /// </summary>
    public static readonly TimeSpan CliExitTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Runs to completion and returns the exit code (fails the test after <paramref name="timeout"/>, by default <see cref="CliExitTimeout"/>).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> args, IDictionary<string, string?> environment, string workingDirectory, TimeSpan? timeout = null)
    {
        using var process = Start(args, environment, workingDirectory);
        var code = await process.WaitForExitAsync(timeout ?? CliExitTimeout);
        return (code, process.StandardOutput, process.StandardError);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"Humas.Bot did not exit within {timeout}. stderr: {StandardError}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Writes <paramref name="text"/> to the child's stdin and closes it (a password piped to a CLI verb).</summary>
    public void WriteInputAndClose(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Close();
    }

    /// <summary>kill -9: no shutdown hooks run.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM, as an operator's service manager stops the service.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
