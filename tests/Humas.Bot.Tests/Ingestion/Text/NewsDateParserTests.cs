using System.Globalization;
using Humas.Bot.Ingestion.Text;

namespace Humas.Bot.Tests.Ingestion.Text;

public sealed class NewsDateParserTests
{
    // Reference "now" for the seeds' era: Wednesday 7 October 2015, 10:00 WIB.
    private static readonly DateTimeOffset Reference2015 = new(2015, 10, 7, 10, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset Reference2026 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly NewsDateParser parser = new();

    public static TheoryData<string, string> Formats => new()
    {
        // Indonesian day and month names; a date alone is 00:00 WIB, i.e. 17:00 UTC the day before.
        { "Jumat, 14 Juli 2017", "2017-07-13T17:00:00Z" },
        { "Jum'at, 14 Juli 2017", "2017-07-13T17:00:00Z" },
        { "14 Juli 2017", "2017-07-13T17:00:00Z" },
        { "Selasa, 13 Agustus 2019", "2019-08-12T17:00:00Z" },
        { "  Rabu,\u00a012 Juli 2017 ", "2017-07-11T17:00:00Z" },
        { "14 Juli 2017 14:30 WIB", "2017-07-14T07:30:00Z" },
        { "Jumat, 14 Juli 2017 - 14.30 WIB", "2017-07-14T07:30:00Z" },
        { "14 Juli 2017 pukul 09.15 WITA", "2017-07-14T01:15:00Z" },
        { "14 Juli 2017 09:15 WIT", "2017-07-14T00:15:00Z" },
        { "14 Juli 2017 14:30", "2017-07-14T07:30:00Z" },
        // Indonesian abbreviations and spelling variants.
        { "1 Jan 2020", "2019-12-31T17:00:00Z" },
        { "3 Feb 2020", "2020-02-02T17:00:00Z" },
        { "3 Mar 2020", "2020-03-02T17:00:00Z" },
        { "3 Apr 2020", "2020-04-02T17:00:00Z" },
        { "3 Mei 2020", "2020-05-02T17:00:00Z" },
        { "3 Jun 2020", "2020-06-02T17:00:00Z" },
        { "3 Jul 2020", "2020-07-02T17:00:00Z" },
        { "3 Agu 2020", "2020-08-02T17:00:00Z" },
        { "3 Agt 2020", "2020-08-02T17:00:00Z" },
        { "3 Sep 2020", "2020-09-02T17:00:00Z" },
        { "3 Okt 2020", "2020-10-02T17:00:00Z" },
        { "3 Nov 2020", "2020-11-02T17:00:00Z" },
        { "3 Des 2020", "2020-12-02T17:00:00Z" },
        { "3 Nopember 2020", "2020-11-02T17:00:00Z" },
        { "3 Pebruari 2020", "2020-02-02T17:00:00Z" },
        // English names.
        { "Friday, 14 July 2017", "2017-07-13T17:00:00Z" },
        { "July 14, 2017", "2017-07-13T17:00:00Z" },
        { "14 August 2019", "2019-08-13T17:00:00Z" },
        { "3 May 2020", "2020-05-02T17:00:00Z" },
        // Numeric, day first.
        { "Rabu (21/8/2019)", "2019-08-20T17:00:00Z" },
        { "21/08/2019", "2019-08-20T17:00:00Z" },
        { "21-08-2019", "2019-08-20T17:00:00Z" },
        { "21/08/2019 14:30 WIB", "2019-08-21T07:30:00Z" },
        // kominfo.go.id: "dd MM-yyyy".
        { "06 10-2015", "2015-10-05T17:00:00Z" },
        { "06 10-2015 14:30", "2015-10-06T07:30:00Z" },
        // RFC 822 / 1123.
        { "Fri, 14 Jul 2017 10:00:00 +0700", "2017-07-14T03:00:00Z" },
        { "Fri, 14 Jul 2017 03:00:00 GMT", "2017-07-14T03:00:00Z" },
        { "Fri, 14 Jul 2017 03:00:00 UT", "2017-07-14T03:00:00Z" },
        { "Fri, 14 Jul 2017 03:00:00 Z", "2017-07-14T03:00:00Z" },
        { "Fri, 14 Jul 2017 10:00:00 WIB", "2017-07-14T03:00:00Z" },
        { "Fri, 14 Jul 2017 11:00 WITA", "2017-07-14T03:00:00Z" },
        { "Fri, 14 Jul 2017 12:00:00 WIT", "2017-07-14T03:00:00Z" },
        { "Thu, 13 Jul 2017 23:00:00 EDT", "2017-07-14T03:00:00Z" },
        { "Thu, 13 Jul 2017 22:00:00 EST", "2017-07-14T03:00:00Z" },
        { "Thu, 13 Jul 2017 20:00:00 PDT", "2017-07-14T03:00:00Z" },
        { "Thu, 13 Jul 2017 22:00:00 CDT", "2017-07-14T03:00:00Z" },
        { "Thu, 13 Jul 2017 21:00:00 MDT", "2017-07-14T03:00:00Z" },
        { "14 Jul 17 10:00 +0700", "2017-07-14T03:00:00Z" },
        { "Tue, 06 Oct 2015 09:00:00 -0130", "2015-10-06T10:30:00Z" },
        // ISO 8601.
        { "2017-07-14", "2017-07-13T17:00:00Z" },
        { "2017-07-14T10:00:00+07:00", "2017-07-14T03:00:00Z" },
        { "2017-07-14T03:00:00Z", "2017-07-14T03:00:00Z" },
        { "2017-07-14T03:00:00.250Z", "2017-07-14T03:00:00.25Z" },
        { "2017-07-14T10:00:00", "2017-07-14T03:00:00Z" },
        { "2017-07-14T10:00+0700", "2017-07-14T03:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parses_every_known_format(string text, string expectedUtc)
    {
        Assert.True(parser.TryParse(text, Reference2026, out var value), text);
        Assert.Equal(Utc(expectedUtc), value.UtcDateTime);
    }

    [Fact]
    public void Jakarta_local_inputs_carry_the_jakarta_offset()
    {
        Assert.True(parser.TryParse("Jumat, 14 Juli 2017", Reference2026, out var value));
        Assert.Equal(TimeSpan.FromHours(7), value.Offset);
        Assert.Equal(new DateTime(2017, 7, 14), value.DateTime);
    }

    public static TheoryData<string, string, string> YearlessFormats => new()
    {
        // Seed 004: Tuesday 6 October, said on 6 or 7 October 2015.
        { "Selasa (6/10)", "2015-10-07T10:00:00+07:00", "2015-10-05T17:00:00Z" },
        // Same words read years later: the most recent Tuesday 6 October not after the reference.
        { "Selasa (6/10)", "2026-11-22T09:00:00Z", "2026-10-05T17:00:00Z" },
        { "Selasa (6/10)", "2026-10-05T09:00:00Z", "2020-10-05T17:00:00Z" },
        // The weekday rules out the reference year itself: 14 August 2019 was a Wednesday.
        { "Selasa (14/8)", "2019-08-13T12:00:00+07:00", "2018-08-13T17:00:00Z" },
        // No weekday: the latest 6 October at or before the reference.
        { "6/10", "2015-10-07T10:00:00+07:00", "2015-10-05T17:00:00Z" },
        { "6/10", "2015-10-05T10:00:00+07:00", "2014-10-05T17:00:00Z" },
        // The day itself counts as "not after".
        { "(6/10)", "2015-10-06T00:30:00+07:00", "2015-10-05T17:00:00Z" },
        // A leap day goes back to the last leap year.
        { "29/2", "2026-11-22T09:00:00Z", "2024-02-28T17:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(YearlessFormats))]
    public void Infers_a_missing_year_from_the_reference(string text, string reference, string expectedUtc)
    {
        var now = DateTimeOffset.Parse(reference, CultureInfo.InvariantCulture);
        Assert.True(parser.TryParse(text, now, out var value), text);
        Assert.Equal(Utc(expectedUtc), value.UtcDateTime);
    }

    public static TheoryData<string?> BadInputs => new()
    {
        null,
        "",
        "   ",
        "kemarin",
        "Jumat",
        "32 Juli 2017",
        "31 Juni 2017",
        "29 Februari 2019",
        "14 Julember 2017",
        "Pagi, 14 Juli 2017",
        "13/13/2019",
        "14 Juli 2017 25:00 WIB",
        "14 Juli 2017 10:61",
        "14 Juli 2017 10:00 +2500",
        "Fri, 14 Jul 2017 10:00:00 XYZ",
        "2017-13-01",
        "2017-02-30",
        "0000-01-01",
        "14 Juli 1066",
        "9/2015",
        "1.5",
        "Rabu (21/8/2019",
        new string('1', 10_000),
        "14 Juli 2017" + new string(' ', 300),
        "<script>alert(1)</script>",
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_inputs_return_false(string? text)
    {
        Assert.False(parser.TryParse(text, Reference2026, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void Finds_seed_004_dateline_in_running_text()
    {
        const string text = "\"Saat ini kehumasan pemerintah mendapat tantangan,\" jelas Direktur Kemitraan Komunikasi "
            + "Ditjen IKP Kementerian Komunikasi dan Informatika, Dedet Suryanandika di Denpasar, Bali, Selasa (6/10) "
            + "dalam acara Bimbingan Teknis. Inpres No 9/2015 dan Instruksi Presiden Nomor 9 Tahun 2015.";
        Assert.True(parser.TryFind(text, Reference2015, out var value));
        Assert.Equal(Utc("2015-10-05T17:00:00Z"), value.UtcDateTime);
    }

    [Fact]
    public void Finds_seed_001_dateline_in_running_text()
    {
        const string text = "Menteri Sosial Agus Gumiwang Kartasasmita memukul gong tanda dibukanya rapat koordinasi "
            + "nasional bidang kehumasan Kemensos, di Gedung Aneka Bhakti Kementerian Sosial (Kemensos), Jalan Salemba "
            + "Raya, Jakarta Pusat, Rabu (21/8/2019). (Foto: Masran Rauf) ... dimulai sejak tanggal 20 hingga 22 Agustus 2019.";
        Assert.True(parser.TryFind(text, Reference2026, out var value));
        Assert.Equal(Utc("2019-08-20T17:00:00Z"), value.UtcDateTime);
    }

    [Theory]
    [InlineData("bagikan berita ke :\n\nJumat, 14 Juli 2017\nDi baca 669 kali", "2017-07-13T17:00:00Z")]
    [InlineData("Diterbitkan pada 14 Juli 2017 pukul 14.30 WIB oleh Humas", "2017-07-14T07:30:00Z")]
    [InlineData("pada 3 s.d. 14 Juli 2017 di Takes Mansion", "2017-07-13T17:00:00Z")]
    [InlineData("FAQ / Tautan / Peta Situs\n    06 10-2015\n\n    8394", "2015-10-05T17:00:00Z")]
    [InlineData("posted 2017-07-14T10:00:00+07:00 by admin", "2017-07-14T03:00:00Z")]
    public void Finds_the_first_date_in_text(string text, string expectedUtc)
    {
        Assert.True(parser.TryFind(text, Reference2026, out var value));
        Assert.Equal(Utc(expectedUtc), value.UtcDateTime);
    }

    [Theory]
    [InlineData("Rapat dihadiri 34 kepala biro, rasio 3/4 dan nilai 10.5 persen; Inpres No 9/2015.")]
    [InlineData("pukul 14.30 di ruang 6/10")]
    [InlineData("")]
    [InlineData(null)]
    public void Finds_nothing_where_there_is_no_date(string? text)
    {
        Assert.False(parser.TryFind(text, Reference2026, out _));
    }

    [Fact]
    public void Survives_hostile_running_text()
    {
        var text = string.Concat(Enumerable.Repeat("12/ 3- Selasa ( 99/99) 2017-", 20_000));
        Assert.False(parser.TryFind(text, Reference2026, out _));
    }

    private static DateTime Utc(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
