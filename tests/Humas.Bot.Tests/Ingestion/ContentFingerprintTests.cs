using Humas.Bot.Ingestion.Identity;

namespace Humas.Bot.Tests.Ingestion;

public sealed class ContentFingerprintTests
{
    [Fact]
    public void Markup_case_and_spacing_do_not_change_the_fingerprint() =>
        Assert.Equal(
            ContentFingerprint.Compute("Sinergi Pengelolaan Komunikasi Publik", "Denpasar - Kominfo. \u00a0Saat ini  kehumasan"),
            ContentFingerprint.Compute("SINERGI pengelolaan komunikasi publik ", "Denpasar – Kominfo.\nSaat ini kehumasan"));

    [Fact]
    public void A_different_story_has_a_different_fingerprint() =>
        Assert.NotEqual(
            ContentFingerprint.Compute("Sinergi Pengelolaan Komunikasi Publik", "Denpasar"),
            ContentFingerprint.Compute("Sinergi Pengelolaan Komunikasi Publik", "Jakarta"));
}
