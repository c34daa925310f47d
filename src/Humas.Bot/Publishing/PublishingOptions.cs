namespace Humas.Bot.Publishing;

/// <summary><c>Publishing</c> section: keys a CMS presents in <c>X-Api-Key</c>. Empty turns the API off.</summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    public List<string> ApiKeys { get; set; } = [];
}
