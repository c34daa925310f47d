namespace Humas.Bot.Tips;

/// <summary>Limits fixed by the schema rather than by configuration.</summary>
public static class TipLimits
{
    /// <summary>"What happened" and every thread message; the column width.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>A file's caption as kept with it: Telegram's own limit for a caption.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>An author's or contributor's display name as stored; longer names from a platform are clipped.</summary>
    public const int MaxNameLength = 200;
}
