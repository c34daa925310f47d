using System.Text.RegularExpressions;
using Humas.Bot.Institutions;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.WhatsApp.Tips;

/// <summary>
/// An institution's editors' phone on WhatsApp as the core stores it and the dashboard sets it: the number
/// (<c>Institutions:N:WhatsApp:EditorsNumber</c>), a wa_id as configuration takes it: digits only with the
/// country code, without "+" (E.164 without the plus).
/// </summary>
public sealed partial class WhatsAppChatFields(IOptionsMonitor<InstitutionChannelOptions<WhatsAppInstitutionSettings>> institutions) : IInstitutionChatFields
{
    public const string EditorsNumber = nameof(WhatsAppInstitutionSettings.EditorsNumber);

    public string Channel => WhatsAppDeliveryChannel.ChannelName;

    public string Title => "WhatsApp";

    public IReadOnlyList<InstitutionChatField> Fields { get; } = [new(EditorsNumber, "admin.institutions.chats.whatsapp_number", "6281234567890")];

    public IEnumerable<(string InstitutionId, IReadOnlyDictionary<string, string> Values)> Configured =>
        institutions.CurrentValue.Configured
            .Where(i => !string.IsNullOrEmpty(i.Settings.EditorsNumber))
            .Select(i => (i.Id, (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { [EditorsNumber] = i.Settings.EditorsNumber! }));

    public (string Reason, string Value)? Check(IDictionary<string, string> values) =>
        values[EditorsNumber] is { Length: > 0 } typed && !WaId().IsMatch(typed) ? ("admin.institutions.chats.bad_whatsapp", typed) : null;

    [GeneratedRegex(WhatsAppInstitutionSettings.WaIdPattern)]
    private static partial Regex WaId();
}
