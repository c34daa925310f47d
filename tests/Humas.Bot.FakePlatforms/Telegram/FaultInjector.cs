namespace Humas.Bot.FakePlatforms.Telegram;

internal enum Fault
{
    None,
    ServerError,
    Timeout,
    Reset,
}

/// <summary>Draws faults from a seeded Random, so a run with the same seed and order repeats its faults.</summary>
internal sealed class FaultInjector(FakeTelegramOptions options)
{
    private readonly Random _random = new(options.Seed);
    private readonly bool _active = options.ServerErrorRate + options.TimeoutRate + options.ResetRate > 0;

    public Fault Next()
    {
        if (!_active)
        {
            return Fault.None;
        }

        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if (roll < options.ResetRate)
        {
            return Fault.Reset;
        }

        roll -= options.ResetRate;
        if (roll < options.TimeoutRate)
        {
            return Fault.Timeout;
        }

        roll -= options.TimeoutRate;
        return roll < options.ServerErrorRate ? Fault.ServerError : Fault.None;
    }
}
