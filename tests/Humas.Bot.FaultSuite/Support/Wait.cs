namespace Humas.Bot.FaultSuite.Support;

/// <summary>Waits on conditions, never on a fixed sleep; fails with the instances' stderr when a condition never comes.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, params Instance[] mustStayUp)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var instance in mustStayUp)
            {
                if (instance.HasExited)
                {
                    throw new InvalidOperationException($"an instance exited while waiting for {what}: {Tail(instance.Process.StandardError)}");
                }
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                // The database is restarting or busy; ask again.
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}. " +
                                   string.Join(" | ", mustStayUp.Select(i => Tail(i.Process.StandardError))));
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, params Instance[] mustStayUp) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, mustStayUp);

    /// <summary>Every instance answers /healthz and counts <paramref name="live"/> instances (so the rate shares are set).</summary>
    public static Task UntilReadyAsync(int live, params Instance[] instances) =>
        UntilAsync(async () =>
        {
            foreach (var instance in instances)
            {
                var health = await instance.HealthAsync();
                if (!health.Ready || health.Live != live)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(90), $"{instances.Length} instance(s) to be ready with {live} live", instances);

    public static string Tail(string text, int max = 2_000) => text.Length <= max ? text : text[^max..];
}
