using Humas.Bot.Alerts;
using Humas.Bot.Channels.Teams.Tips;
using Humas.Bot.Subscriptions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Alerts;

/// <summary><c>Alerts:Teams</c>: the operators' Teams conversation.</summary>
public sealed class TeamsAlertOptions
{
    public const string Section = "Alerts:Teams";

    /// <summary>The operators' conversation (a channel or chat the bot is in); empty = operators get no alerts on Teams.</summary>
    public string? ConversationId { get; set; }

    /// <summary>Its Bot Framework service URL; empty = <c>Teams:EditorsServiceUrl</c>.</summary>
    public string? ServiceUrl { get; set; }
}

/// <summary>Teams' alert chats: the institution's editors' channel and <c>Alerts:Teams:ConversationId</c>; none while Teams is off.</summary>
public sealed class TeamsAlertDelivery(
    IOptionsMonitor<TeamsOptions> teams, IOptionsMonitor<TeamsAlertOptions> options, TeamsEditorsChats editors) : AlertChats(editors)
{
    protected override bool Enabled => teams.CurrentValue.Enabled;

    protected override ConversationAddress? OperatorsChat =>
        options.CurrentValue is { ConversationId: { Length: > 0 } id } o
            ? new ConversationAddress(TeamsDeliveryChannel.ChannelName, id, ConversationKind.Channel,
                new TeamsReference(string.IsNullOrEmpty(o.ServiceUrl) ? teams.CurrentValue.EditorsServiceUrl : o.ServiceUrl, string.IsNullOrEmpty(teams.CurrentValue.TenantId) ? null : teams.CurrentValue.TenantId).ToChannelData())
            : null;
}
