using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// One Azure Bot (Teams app) the service speaks as: its account ("" the national app, else its institution), its id,
/// secret and tenant (an institution's own tenant where set, else <c>Teams:TenantId</c>).
/// </summary>
public sealed record TeamsApp(string Account, string AppId, string AppPassword, string TenantId)
{
    public bool IsShared => Account.Length == 0;

    /// <summary>The bot's id in Teams conversations (<c>28:&lt;appId&gt;</c>).</summary>
    public string BotId => "28:" + AppId;

    /// <summary>Where its readers' activities arrive: <c>/api/messages</c>, or <c>/api/messages/{institution id}</c>.</summary>
    public string Path => IsShared ? TeamsRegistration.MessagesPath : TeamsRegistration.MessagesPath + "/" + Account;

    /// <summary>The client-credentials endpoint of its tenant (<c>Teams:TokenEndpoint</c> with its <c>{TenantId}</c>).</summary>
    public string TokenEndpoint(TeamsOptions options) => options.TokenEndpointOf(TenantId);

    /// <summary>The national app of <paramref name="options"/>.</summary>
    public static TeamsApp National(TeamsOptions options) => new(ConversationAddress.SharedAccount, options.AppId, options.AppPassword, options.TenantId);

    /// <summary>Institution <paramref name="account"/>'s app: its own tenant where set, the national one otherwise.</summary>
    public static TeamsApp Own(string account, TeamsInstitutionSettings settings, TeamsOptions national) =>
        new(account, settings.AppId ?? "", settings.AppPassword ?? "", string.IsNullOrEmpty(settings.TenantId) ? national.TenantId : settings.TenantId);

    /// <summary>For logs: "the national app" or "kemensos's app" (never the secret).</summary>
    public override string ToString() => IsShared ? "the national app" : $"{Account}'s app";

    /// <summary>Without the secret, so a record printed anywhere shows none.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Account = ").Append(Account).Append(", AppId = ").Append(AppId);
        return true;
    }
}

/// <summary>
/// Every Teams app of the service: the national one (<c>Teams:AppId</c>) and each institution's own
/// (<c>Institutions:N:Teams:AppId</c>). Bot Framework posts each app's activities to that app's messaging endpoint
/// (<c>/api/messages</c>, <c>/api/messages/{institution id}</c>), where the token must name that app as its audience;
/// conversations name their app by their account, so a reply goes back through the app that was written to. Each app
/// has its own Connector token, its own limiter in the gateway (<see cref="TeamsDeliveryChannel.SenderOf"/>) and its
/// own credentials incident; the signing keys, token endpoint, issuer and Connector settings are the national section's.
/// </summary>
public sealed class TeamsApps(
    IOptionsMonitor<TeamsOptions> teams,
    IOptionsMonitor<InstitutionChannelOptions<TeamsInstitutionSettings>> institutions)
{
    private volatile Built? _built;

    /// <summary>The map and the two sections it was made from (one reference, so a reader never sees half of a rebuild).</summary>
    private sealed record Built(TeamsOptions Shared, InstitutionChannelOptions<TeamsInstitutionSettings> Own, Dictionary<string, TeamsApp> ByAccount);

    /// <summary>The national app (its id empty while Teams is off).</summary>
    public TeamsApp Shared => TeamsApp.National(teams.CurrentValue);

    /// <summary>Every app, the national one first; none while Teams is off.</summary>
    public IEnumerable<TeamsApp> All => Current().Values.OrderBy(a => a.Account, StringComparer.Ordinal);

    /// <summary>The app of <paramref name="account"/>; null when no such app is configured (any more).</summary>
    public TeamsApp? Find(string account) => Current().GetValueOrDefault(account);

    /// <summary>The app that reaches <paramref name="to"/>: its conversation's.</summary>
    public TeamsApp For(ConversationAddress to) => Find(to.Account) ?? throw new TeamsAppUnknownException(to.Account);

    private Dictionary<string, TeamsApp> Current()
    {
        var shared = teams.CurrentValue;
        var own = institutions.CurrentValue;
        // Rebuilt only when either section is reloaded.
        if (_built is { } built && ReferenceEquals(built.Shared, shared) && ReferenceEquals(built.Own, own))
        {
            return built.ByAccount;
        }

        var map = new Dictionary<string, TeamsApp>(StringComparer.Ordinal);
        if (shared.Enabled)
        {
            map[ConversationAddress.SharedAccount] = TeamsApp.National(shared);
            var ids = new HashSet<string>([shared.AppId], StringComparer.Ordinal);
            foreach (var (id, settings) in own.Configured)
            {
                // The start-up validator refuses an app or account twice; the first wins should one slip by.
                if (!string.IsNullOrEmpty(settings.AppId) && !map.ContainsKey(id) && ids.Add(settings.AppId))
                {
                    map[id] = TeamsApp.Own(id, settings, shared);
                }
            }
        }

        _built = new Built(shared, own, map);
        return map;
    }
}

/// <summary>A conversation of an institution's app that is no longer configured: nothing may reach it through another app.</summary>
public sealed class TeamsAppUnknownException(string account)
    : InvalidOperationException($"No Teams app is configured for institution '{account}' (Institutions:N:Teams:AppId).")
{
    public string Account => account;
}
