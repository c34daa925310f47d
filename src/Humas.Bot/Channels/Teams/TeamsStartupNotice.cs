using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>Says once at start whether Teams is on, and which tenant's token endpoint it uses (never the secret).</summary>
public sealed class TeamsStartupNotice(IOptions<TeamsOptions> options, ILogger<TeamsStartupNotice> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Enabled)
        {
            log.LogInformation("Teams is on: app {AppId}, tokens from {TokenEndpoint}, signing keys from {OpenIdMetadataUrl}", o.AppId, o.ResolvedTokenEndpoint, o.OpenIdMetadataUrl);
        }
        else
        {
            log.LogInformation("Teams is off: Teams:AppId is empty, POST /api/messages answers 404");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
