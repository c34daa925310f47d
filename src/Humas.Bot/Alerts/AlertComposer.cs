using Humas.Bot.Delivery.Channels;
using Humas.Bot.Institutions;
using Humas.Bot.Links;
using Humas.Bot.Localization;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Alerts;

/// <summary>The words of an alert (alerts.json), the same on every channel: what, whose, since when, and where to look.</summary>
public sealed class AlertComposer(ITexts texts, InstitutionDirectory institutions, IOptionsMonitor<PublicUrlOptions> publicUrl, IOptionsMonitor<AlertsOptions> options)
{
    public const string IncidentsPage = "/admin/gangguan";

    public AlertMessage Describe(Incident incident, AlertEvent what) => new(
        incident.Id, incident.Kind, what, incident.InstitutionId, incident.Summary, incident.OpenedAt, incident.ResolvedAt,
        publicUrl.CurrentValue.BaseUrl is { } baseUrl ? baseUrl + IncidentsPage : null);

    public async Task<ReplyMessage> ComposeAsync(AlertMessage alert, CancellationToken ct)
    {
        var language = options.CurrentValue.Language;
        var kind = texts.Get("alerts.kind." + KindKey(alert.Kind), language);
        var whose = alert.InstitutionId is { } id
            ? (await institutions.GetAsync(id, ct))?.Name ?? id
            : texts.Get("alerts.national", language);
        var since = JakartaTime.FormatDateTime(JakartaTime.FromUtc(alert.OpenedAt), language);
        var text = alert.Event == AlertEvent.Opened
            ? texts.Get("alerts.opened", language, kind, whose, alert.Summary, since)
            : texts.Get("alerts.resolved", language, kind, whose, alert.Summary, since,
                JakartaTime.FormatDateTime(JakartaTime.FromUtc(alert.ResolvedAt ?? alert.OpenedAt), language));
        if (alert.Link is { } link)
        {
            text += "\n\n" + texts.Get("alerts.look", language, link);
        }

        return ReplyMessage.Plain(text, language);
    }

    public static string KindKey(IncidentKind kind) => kind switch
    {
        IncidentKind.SourceFailing => "source",
        IncidentKind.BroadcastStalled => "stalled",
        IncidentKind.BroadcastGaveUp => "gaveup",
        IncidentKind.TokenRejected => "token",
        IncidentKind.DiskLow => "disk",
        _ => "database",
    };
}
