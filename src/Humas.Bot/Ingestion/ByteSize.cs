using System.Globalization;

namespace Humas.Bot.Ingestion;

/// <summary>Formats a byte cap the way operators configure it ("5 MB"), for error messages.</summary>
internal static class ByteSize
{
    public static string Format(long bytes)
    {
        const long kb = 1024;
        const long mb = kb * 1024;
        return bytes switch
        {
            >= mb when bytes % mb == 0 => $"{bytes / mb} MB",
            >= mb => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)mb:0.#} MB"),
            >= kb when bytes % kb == 0 => $"{bytes / kb} KB",
            _ => $"{bytes} bytes",
        };
    }
}
