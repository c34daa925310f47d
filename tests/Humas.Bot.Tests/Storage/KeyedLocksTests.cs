using Humas.Bot.Storage;

namespace Humas.Bot.Tests.Storage;

public sealed class KeyedLocksTests
{
    private readonly KeyedLocks _locks = new();

    [Fact]
    public async Task A_second_holder_of_the_same_key_waits_for_the_first()
    {
        var first = await _locks.AcquireAsync("teams:budi", default);
        var second = _locks.AcquireAsync("teams:budi", default);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();

        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Different_keys_do_not_wait_for_each_other()
    {
        using var budi = await _locks.AcquireAsync("teams:budi", default);

        var sari = _locks.AcquireAsync("teams:sari", default);

        Assert.True(sari.IsCompletedSuccessfully);
        (await sari).Dispose();
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_key_usable()
    {
        var holder = await _locks.AcquireAsync("web:v1", default);
        using var cancel = new CancellationTokenSource();
        var waiter = _locks.AcquireAsync("web:v1", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        holder.Dispose();
        holder.Dispose(); // a second dispose must not release someone else's hold

        using var again = await _locks.AcquireAsync("web:v1", default).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(_locks.AcquireAsync("web:v1", default).IsCompleted);
    }
}
