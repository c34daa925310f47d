using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Tips;

/// <summary>
/// An institution's editors' Teams channel as the core stores it and the dashboard sets it: the conversation id
/// (<c>Institutions:N:Teams:EditorsConversationId</c>) and its service URL (<c>:EditorsServiceUrl</c>; empty =
/// <c>Teams:EditorsServiceUrl</c>). The bot sends its bearer token to that URL, so the dashboard accepts only one
/// <see cref="TeamsOptions.MayReceiveToken"/> allows (Bot Framework's and Teams' own hosts, over https), and a
/// loopback one only with <c>Teams:AllowPrivateNetworks</c> (the tests' fake connector): an admin's typing mistake or
/// a hostile value never points the token at another server.
/// </summary>
public sealed class TeamsChatFields(IOptionsMonitor<TeamsOptions> teams, IOptionsMonitor<InstitutionChannelOptions<TeamsInstitutionSettings>> institutions)
    : IInstitutionChatFields
{
    public const string EditorsConversationId = nameof(TeamsInstitutionSettings.EditorsConversationId);
    public const string EditorsServiceUrl = nameof(TeamsInstitutionSettings.EditorsServiceUrl);

    public string Channel => TeamsDeliveryChannel.ChannelName;

    public string Title => "Microsoft Teams";

    public IReadOnlyList<InstitutionChatField> Fields { get; } =
    [
        new(EditorsConversationId, "admin.institutions.chats.teams_conversation", "19:…@thread.tacv2"),
        new(EditorsServiceUrl, "admin.institutions.chats.teams_service_url", "https://smba.trafficmanager.net/id/"),
    ];

    public IEnumerable<(string InstitutionId, IReadOnlyDictionary<string, string> Values)> Configured =>
        institutions.CurrentValue.Configured
            .Select(i => (i.Id, Values: (IReadOnlyDictionary<string, string>)new[]
                {
                    (EditorsConversationId, i.Settings.EditorsConversationId),
                    (EditorsServiceUrl, i.Settings.EditorsServiceUrl),
                }
                .Where(f => !string.IsNullOrEmpty(f.Item2))
                .ToDictionary(f => f.Item1, f => f.Item2!, StringComparer.Ordinal)))
            .Where(i => i.Values.Count > 0);

    public (string Reason, string Value)? Check(IDictionary<string, string> values)
    {
        var conversation = values[EditorsConversationId];
        var serviceUrl = values[EditorsServiceUrl];
        // Every Teams conversation id has a colon (19:…@thread.tacv2, a:…); none has a space.
        if (conversation.Length > 0 && (!conversation.Contains(':', StringComparison.Ordinal) || conversation.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            return ("admin.institutions.chats.bad_teams_conversation", conversation);
        }

        if (serviceUrl.Length > 0 && conversation.Length == 0)
        {
            return ("admin.institutions.chats.teams_url_alone", serviceUrl);
        }

        return serviceUrl.Length > 0 && !MaySend(serviceUrl) ? ("admin.institutions.chats.bad_teams_service_url", serviceUrl) : null;
    }

    /// <summary>A URL as typed: Uri would quietly escape a space or a control character, which no service URL has.</summary>
    private bool MaySend(string serviceUrl) =>
        !serviceUrl.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && TeamsOptions.UrlProblem(serviceUrl) is null
        && Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
        && uri.UserInfo.Length == 0
        && TeamsOptions.MayReceiveToken(uri)
        && (!TeamsOptions.IsLoopback(uri) || teams.CurrentValue.AllowPrivateNetworks);
}
