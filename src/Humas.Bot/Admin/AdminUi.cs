using Humas.Bot.Localization;

namespace Humas.Bot.Admin;

/// <summary>
/// What every dashboard page needs to write text: the editor's language (the <see cref="LanguageCookie"/>,
/// Indonesian by default) and the texts of Localization/Texts/admin.json.
/// </summary>
public sealed class AdminUi(ITexts texts, IHttpContextAccessor http)
{
    public const string LanguageCookie = "humas_admin_lang";

    public string Language => Languages.Normalize(http.HttpContext?.Request.Cookies[LanguageCookie]);

    public string T(string key, params object?[] args) => texts.Get(key, Language, args);

    /// <summary>"Senin, 23 November 2026 14.30 WIB".</summary>
    public string When(DateTime? utc) => utc is { } t ? JakartaTime.FormatDateTime(JakartaTime.FromUtc(t), Language) : "–";

    /// <summary>"1,234.5" in English, "1.234,5" in Indonesian (own format: hosts without ICU data lack id-ID).</summary>
    public string Number(double value) =>
        value.ToString("#,0.##", Language == Languages.English ? System.Globalization.CultureInfo.InvariantCulture : IndonesianNumbers);

    public string Percent(double share) => Number(Math.Round(share * 100, 1)) + "%";

    /// <summary>A rate that may have no value (nothing to divide by): "–".</summary>
    public string Percent(double? share) => share is { } s ? Percent(s) : "–";

    /// <summary>A count the service may not have (data not collected): "–".</summary>
    public string Count(int? value) => value is { } v ? Number(v) : "–";

    private static readonly System.Globalization.NumberFormatInfo IndonesianNumbers = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };
}
