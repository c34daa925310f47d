namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>How the fake behaves. Defaults: no limits, no faults, lenient shapes.</summary>
public sealed record FakeTelegramOptions
{
    /// <summary>The token the fake accepts; any other gets 401 like Telegram.</summary>
    public string Token { get; init; } = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Enforce the rate limits below with 429 + retry_after.</summary>
    public bool EnforceLimits { get; init; }

    /// <summary>Sends and edits per second across the whole bot (sliding window); 0 = unlimited.</summary>
    public int BotPerSecond { get; init; } = 30;

    /// <summary>Sends and edits per second into one private chat (positive chat id).</summary>
    public int PrivateChatPerSecond { get; init; } = 1;

    /// <summary>Sends and edits per minute into one group, supergroup or channel (negative chat id).</summary>
    public int GroupPerMinute { get; init; } = 20;

    /// <summary>Reject wrong shapes with 400 as Telegram does (lengths, HTML tags, keyboards).</summary>
    public bool Strict { get; init; }

    /// <summary>Share of requests answered 502 with an HTML body (a gateway error, no envelope).</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Share of requests held for <see cref="TimeoutDelay"/> and then dropped without an answer.</summary>
    public double TimeoutRate { get; init; }

    /// <summary>Share of requests whose connection is reset without an answer.</summary>
    public double ResetRate { get; init; }

    /// <summary>Longer than the client's timeout, so the client gives up first.</summary>
    public TimeSpan TimeoutDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Every answer held this long after its request arrived (a round trip from far away); none by default.</summary>
    public ResponseLatency Latency { get; init; } = ResponseLatency.None;

    /// <summary>Seed for fault injection, so a failing run can be repeated.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Clock for the rate-limit windows and message dates.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
