using Microsoft.Extensions.Options;

namespace Humas.Bot.Host;

/// <summary>
/// What a channel's options tell the start-up log, so a missing setting is not mistaken for a silent bot. The
/// channel supplies the facts (never a token or secret); <see cref="ChannelStartupNotice{TOptions}"/> says them.
/// </summary>
public interface IChannelStartupFacts
{
    /// <summary>The channel's name as the log says it, e.g. "Teams".</summary>
    string ChannelName { get; }

    bool Enabled { get; }

    /// <summary>While on: what an operator checks, e.g. the app id and the endpoints it talks to.</summary>
    string OnFacts { get; }

    /// <summary>While off: which setting is empty and what answers 404 meanwhile.</summary>
    string OffFacts { get; }
}

/// <summary>Says once at start whether a channel is on or off, with its facts; one for every channel.</summary>
public sealed partial class ChannelStartupNotice<TOptions>(IOptions<TOptions> options, ILogger<ChannelStartupNotice<TOptions>> log) : IHostedService
    where TOptions : class, IChannelStartupFacts
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Enabled)
        {
            On(log, o.ChannelName, o.OnFacts);
        }
        else
        {
            Off(log, o.ChannelName, o.OffFacts);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} is on: {Facts}")]
    private static partial void On(ILogger log, string channel, string facts);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} is off: {Facts}")]
    private static partial void Off(ILogger log, string channel, string facts);
}

public static class ChannelStartupNoticeRegistration
{
    /// <summary>The channel's line in the start-up log, from its options' <see cref="IChannelStartupFacts"/>.</summary>
    public static IServiceCollection AddChannelStartupNotice<TOptions>(this IServiceCollection services)
        where TOptions : class, IChannelStartupFacts =>
        services.AddHostedService<ChannelStartupNotice<TOptions>>();
}
