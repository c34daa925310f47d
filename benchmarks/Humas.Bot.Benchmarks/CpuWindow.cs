using System.Diagnostics;
using System.Globalization;

namespace Humas.Bot.Benchmarks;

/// <summary>
/// The CPU a measured window used: this process's, named child processes' and the whole machine's (Linux
/// /proc/stat, all cores). Says whether a run was bound by the cores or waited on something: a window in which the
/// machine's cores stood partly idle was not bound by them.
/// </summary>
public sealed class CpuWindow
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly (string Name, Func<TimeSpan> Read, TimeSpan Start)[] _others;
    private readonly TimeSpan _selfStart;
    private readonly (long Busy, long Idle)? _machineStart;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public CpuWindow(params (string Name, Func<TimeSpan> Read)[] others)
    {
        _others = others.Select(o => (o.Name, o.Read, o.Read())).ToArray();
        _selfStart = _self.TotalProcessorTime;
        _machineStart = Machine();
    }

    /// <summary>The window so far, <paramref name="units"/> (presses, deliveries) dividing this process's CPU.</summary>
    public object Stop(int units)
    {
        var seconds = _watch.Elapsed.TotalSeconds;
        _self.Refresh();
        var self = (_self.TotalProcessorTime - _selfStart).TotalSeconds;
        var machine = Machine();
        double? busyCores = null;
        if (_machineStart is { } a && machine is { } b && b.Busy + b.Idle > a.Busy + a.Idle)
        {
            // Jiffies of all cores: busy / (busy + idle) is the share of the cores in use; times the core count, cores.
            busyCores = Math.Round((double)(b.Busy - a.Busy) / (b.Busy - a.Busy + b.Idle - a.Idle) * Environment.ProcessorCount, 2);
        }

        return new
        {
            WindowSeconds = Math.Round(seconds, 3),
            ServiceProcessSeconds = Math.Round(self, 3),
            ServiceCores = Math.Round(self / seconds, 2),
            ServiceMicrosecondsPerUnit = units > 0 ? Math.Round(self * 1e6 / units) : (double?)null,
            Children = _others.ToDictionary(o => o.Name, o => Math.Round((o.Read() - o.Start).TotalSeconds, 3)),
            MachineBusyCores = busyCores,
            MachineCores = Environment.ProcessorCount,
            Note = "CPU seconds in the window; MachineBusyCores of MachineCores from /proc/stat (every process on the machine): well under the cores means the run waited, not computed",
        };
    }

    /// <summary>Busy and idle (idle + iowait) jiffies of all cores, from the first line of /proc/stat; null elsewhere.</summary>
    private static (long Busy, long Idle)? Machine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + values[4];
            return (values.Sum() - idle, idle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
