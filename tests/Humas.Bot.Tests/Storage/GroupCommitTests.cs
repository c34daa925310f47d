using System.Collections.Concurrent;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Storage;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Requests_arriving_during_a_write_go_together_in_the_next_and_each_gets_its_own_result()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<IReadOnlyList<int>>();
        var commit = new GroupCommit<int, string>(async (requests, _) =>
        {
            batches.Enqueue(requests);
            if (requests.Contains(0))
            {
                await first.Task;
            }

            return [.. requests.Select(r => "done " + r)];
        });

        var held = commit.SubmitAsync(0, default);
        await Eventually.UntilAsync(() => !batches.IsEmpty, "the first batch");

        var queued = Enumerable.Range(1, 10).Select(i => commit.SubmitAsync(i, default)).ToList();
        Assert.All(queued, t => Assert.False(t.IsCompleted));

        first.SetResult();
        Assert.Equal("done 0", await held);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => "done " + i), await Task.WhenAll(queued));
        Assert.Equal([[0], [.. Enumerable.Range(1, 10)]], batches.Select(b => b.ToArray()));
    }

    [Fact]
    public async Task With_two_writers_a_second_batch_is_written_while_the_first_is_held_and_never_a_third()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<IReadOnlyList<int>>();
        var running = 0;
        var most = 0;
        var commit = new GroupCommit<int, int>(async (requests, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            batches.Enqueue(requests);
            await release.Task;
            Interlocked.Decrement(ref running);
            return [.. requests];
        }, writers: 2);

        var first = commit.SubmitAsync(0, default);
        await Eventually.UntilAsync(() => batches.Count >= 1, "the first batch");

        // With one writer the second request would wait in the queue for the first batch, held here for good.
        var second = commit.SubmitAsync(1, default);
        await Eventually.UntilAsync(() => batches.Count >= 2, "a second batch beside the held first");
        Assert.Equal(2, batches.Count);

        var queued = Enumerable.Range(2, 10).Select(i => commit.SubmitAsync(i, default)).ToList();
        await Task.Delay(50);
        Assert.Equal(2, batches.Count);
        Assert.All(queued, t => Assert.False(t.IsCompleted));

        release.SetResult();
        var firstTwo = await Task.WhenAll(first, second);
        Assert.Equal(new[] { 0, 1 }, firstTwo);
        Assert.Equal(Enumerable.Range(2, 10), await Task.WhenAll(queued));
        Assert.Equal(2, most);
        Assert.Equal(Enumerable.Range(0, 12), batches.SelectMany(b => b).Order());
    }

    [Fact]
    public async Task With_two_writers_a_request_waits_for_the_running_batch_of_its_key_while_other_keys_go_ahead()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<string[]>();
        var commit = new GroupCommit<(string Key, int N), string>(async (requests, _) =>
        {
            string[] names = [.. requests.Select(r => r.Key + r.N)];
            batches.Enqueue(names);
            if (names.Contains("a1"))
            {
                await release.Task;
            }

            return names;
        }, writers: 2, orderKey: r => r.Key);

        var a1 = commit.SubmitAsync(("a", 1), default);
        await Eventually.UntilAsync(() => batches.Count == 1, "a1's batch");

        // a2 arrives first, so a writer taking in arrival order would write it beside b1, before a1 commits.
        var a2 = commit.SubmitAsync(("a", 2), default);
        var b1 = commit.SubmitAsync(("b", 1), default);
        Assert.Equal("b1", await b1);
        Assert.False(a2.IsCompleted);
        Assert.Equal([["a1"], ["b1"]], batches);

        release.SetResult();
        Assert.Equal("a1", await a1);
        Assert.Equal("a2", await a2);
        Assert.Equal([["a1"], ["b1"], ["a2"]], batches);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public async Task A_failed_batch_is_written_again_one_request_at_a_time_so_only_the_bad_one_fails()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit<int, int>(async (requests, _) =>
        {
            await gate.Task;
            return requests.Contains(13) ? throw new InvalidOperationException("bad row") : [.. requests];
        });

        var all = Enumerable.Range(10, 6).Select(i => commit.SubmitAsync(i, default)).ToList();
        gate.SetResult();

        foreach (var (task, request) in all.Zip(Enumerable.Range(10, 6)))
        {
            if (request == 13)
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => task);
            }
            else
            {
                Assert.Equal(request, await task);
            }
        }
    }

    [Fact]
    public async Task A_write_that_fails_after_its_caller_stopped_waiting_leaves_no_unobserved_exception()
    {
        var marker = "failed after the caller left " + Guid.NewGuid();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit<int, int>(async (_, _) =>
        {
            await gate.Task;
            throw new IOException(marker);
        });
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> watch = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message == marker))
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += watch;
        try
        {
            await LeaveWhileQueuedAsync(commit);
            // The writer is one at a time: once a later request has failed, the first one's write has failed too.
            var later = commit.SubmitAsync(2, default);
            gate.SetResult();
            await Assert.ThrowsAsync<IOException>(() => later);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= watch;
        }

        Assert.Equal(0, unobserved);
    }

    /// <summary>A caller that gives up its wait (an aborted request), in its own frame so nothing here keeps its task alive.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task LeaveWhileQueuedAsync(GroupCommit<int, int> commit)
    {
        using var leave = new CancellationTokenSource();
        var waiting = commit.SubmitAsync(1, leave.Token);
        leave.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task When_the_database_fails_every_request_of_the_batch_fails()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failing = true;
        var commit = new GroupCommit<int, int>(async (requests, _) =>
        {
            await gate.Task;
            return failing ? throw new IOException("disk full") : [.. requests];
        });

        var all = Enumerable.Range(0, 8).Select(i => commit.SubmitAsync(i, default)).ToList();
        gate.SetResult();

        foreach (var task in all)
        {
            await Assert.ThrowsAsync<IOException>(() => task);
        }

        // The writer is not stuck after a failure.
        failing = false;
        Assert.Equal(5, await commit.SubmitAsync(5, default));
    }
}
