using Humas.Bot.Ingestion.Text;
using Humas.Bot.Localization;

namespace Humas.Bot.Tests.Ingestion.Text;

public sealed class JakartaTimeTests
{
    [Fact]
    public void Converts_utc_to_western_indonesian_time()
    {
        var local = JakartaTime.FromUtc(new DateTime(2017, 7, 13, 17, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2017, 7, 14, 0, 0, 0), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(7), local.Offset);
    }

    [Fact]
    public void Reads_a_wall_clock_time_as_jakarta()
    {
        var instant = JakartaTime.FromLocal(new DateTime(2019, 8, 21, 14, 30, 0));
        Assert.Equal(new DateTime(2019, 8, 21, 7, 30, 0), instant.UtcDateTime);
    }

    [Theory]
    [InlineData(null, "Jumat, 14 Juli 2017")]
    [InlineData("id", "Jumat, 14 Juli 2017")]
    [InlineData("en", "Friday, 14 July 2017")]
    [InlineData("en-US", "Friday, 14 July 2017")]
    public void Formats_the_seed_000_date(string? language, string expected)
    {
        // 03:00 UTC is 10:00 in Jakarta, the same calendar day.
        var instant = new DateTimeOffset(2017, 7, 14, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, JakartaTime.FormatDate(instant, language));
    }

    [Fact]
    public void Formats_by_the_jakarta_calendar_day_not_the_utc_one()
    {
        // 20:00 UTC on Tuesday is already Wednesday in Jakarta.
        var instant = new DateTimeOffset(2019, 8, 20, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal("Rabu, 21 Agustus 2019", JakartaTime.FormatDate(instant));
        Assert.Equal("Rabu, 21 Agustus 2019 03.00 WIB", JakartaTime.FormatDateTime(instant));
        Assert.Equal("Wednesday, 21 August 2019 03:00 WIB", JakartaTime.FormatDateTime(instant, "en"));
    }
}
