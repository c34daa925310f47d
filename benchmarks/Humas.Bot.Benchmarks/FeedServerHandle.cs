using System.Diagnostics;
using System.Globalization;

namespace Humas.Bot.Benchmarks;

/// <summary>The feed server as the harness sees it: a child process (default) or in this process.</summary>
public abstract class FeedServerHandle : IAsyncDisposable
{
    public abstract Uri Address { get; }

    /// <summary>CPU used by the server when it is a separate process; null when it shares ours.</summary>
    public abstract TimeSpan? CpuTime { get; }

    public abstract Task<int> AdvanceAsync(int cycle);

    public abstract ValueTask DisposeAsync();

    public static async Task<FeedServerHandle> StartAsync(BenchOptions options) =>
        options.InProcessServer ? new InProcess(await FeedServer.StartAsync(options)) : await Child.LaunchAsync(options);

    private sealed class InProcess(FeedServer server) : FeedServerHandle
    {
        public override Uri Address => server.Address;
        public override TimeSpan? CpuTime => null;
        public override Task<int> AdvanceAsync(int cycle) => Task.FromResult(server.Content.Advance(cycle));
        public override ValueTask DisposeAsync() => server.DisposeAsync();
    }

    /// <summary>This same program with the <c>serve-feeds</c> verb, driven over stdin/stdout.</summary>
    private sealed class Child(Process process, Uri address) : FeedServerHandle
    {
        public override Uri Address => address;

        public override TimeSpan? CpuTime
        {
            get
            {
                process.Refresh();
                return process.TotalProcessorTime;
            }
        }

        public static async Task<Child> LaunchAsync(BenchOptions options)
        {
            var process = SelfChild.Start(options.ServerArguments(), SelfChild.WorkstationGc);
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            {
                process.Kill();
                throw new InvalidOperationException($"the feed server did not start: {line}");
            }

            return new Child(process, new Uri(line["listening ".Length..]));
        }

        public override async Task<int> AdvanceAsync(int cycle)
        {
            await process.StandardInput.WriteLineAsync($"advance {cycle.ToString(CultureInfo.InvariantCulture)}");
            await process.StandardInput.FlushAsync();
            var reply = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return reply is not null && reply.StartsWith("changed ", StringComparison.Ordinal)
                ? int.Parse(reply["changed ".Length..], CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"the feed server answered '{reply}'");
        }

        public override async ValueTask DisposeAsync() => await SelfChild.StopAsync(process);
    }
}
