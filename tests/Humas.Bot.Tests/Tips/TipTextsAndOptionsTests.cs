using Humas.Bot.Localization;
using Humas.Bot.Tips;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Tips;

public sealed class TipTextsAndOptionsTests
{
    [Theory]
    [InlineData("id")]
    [InlineData("en")]
    public async Task Every_reply_and_button_of_the_flow_comes_from_tips_json_in_the_authors_language(string language)
    {
        using var h = new TipsHarness(new() { ["Tips:MaxFilesPerTip"] = "1" });
        var me = TipsHarness.Author(language: language);
        var replies = new List<TipReply>();
        async Task Say(TipInput input) => replies.AddRange(await h.Send(input));
        await Say(new TipText(me, "sebelum mulai"));
        await Say(new TipStart(me));
        await Say(new TipLocation(me, 1, 1));
        await Say(new TipText(me, new string('x', 4001)));
        await Say(new TipText(me, "Cerita."));
        await Say(new TipText(me, "Tambahan."));
        await Say(new TipAttachment(me, "photo", "p", null, null, 999_999_999));
        await Say(new TipAttachment(me, "photo", "p", null, null, 1));
        await Say(new TipAttachment(me, "photo", "q", null, null, 1));
        await Say(new TipAttachment(me, "sticker", "s", null, null, 1));
        await Say(new TipLocation(me, 1, 1));
        await Say(new TipLocation(me, 1, 1));
        await Say(new TipStart(me));
        await Say(new TipAction(me, "done"));
        await Say(new TipText(me, "bukan nomor"));
        await Say(new TipAction(me, "skip"));
        await Say(new TipText(me, "?"));
        await Say(new TipAction(me, "send"));
        await Say(new TipAction(me, "cancel"));

        var given = h.Texts.Given.ToList();
        Assert.All(given, g => Assert.StartsWith("tips.", g.Key, StringComparison.Ordinal));
        var other = language == "id" ? "en" : "id";
        foreach (var reply in replies)
        {
            Assert.Contains(reply.Text, given.Select(g => g.Text));
            foreach (var button in reply.Buttons)
            {
                // A word, and for Kirim and Selesai the draft they act on ("send:12", "done:12").
                var (verb, argument) = button.Action.Split(':') is [var v, var a] ? (v, a) : (button.Action, "");
                Assert.Equal(h.Text($"tips.button.{verb}", language), button.Label);
                Assert.True(verb.Length <= 16 && verb.All(char.IsAsciiLetterLower), button.Action);
                Assert.True(argument.All(char.IsAsciiDigit) && (argument.Length > 0) == (verb is "send" or "done"), button.Action);
            }
        }

        // The same flow in the other language would read differently at every step.
        var keys = given.Select(g => g.Key).Where(k => !k.StartsWith("tips.button.", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(keys.Count >= 15, string.Join(", ", keys));
        Assert.All(keys.Where(k => k != "tips.editors.new" && k != "tips.summary_none"), k => Assert.NotEqual(h.Text(k, language), h.Text(k, other)));
    }

    [Fact]
    public void Tips_json_is_loaded_with_both_languages_for_every_key()
    {
        var texts = new JsonTexts();
        var keys = texts.Keys.Where(k => k.StartsWith("tips.", StringComparison.Ordinal)).ToList();
        Assert.True(keys.Count > 40);
        Assert.Equal("Selesai", texts.Get("tips.button.done", "id"));
        Assert.Equal("Done", texts.Get("tips.button.done", "en"));
    }

    [Fact]
    public void Defaults_are_the_documented_caps()
    {
        var o = new TipsOptions();
        Assert.Equal((10, 10, 20L * 1024 * 1024, 0, 24), (o.MaxTipsPerDay, o.MaxFilesPerTip, o.MaxFileBytes, o.BlockedAuthors.Count, o.DraftHours));
        var files = new Humas.Bot.Storage.Files.FileStoreOptions();
        Assert.Equal(("", true, 10L * 1024, 512L), (files.StoragePath, files.InDatabase, files.MaxStorageMegabytes, files.MinFreeDiskMegabytes));
    }

    [Theory]
    [InlineData("Tips:MaxTipsPerDay", "0")]
    [InlineData("Tips:MaxFilesPerTip", "0")]
    [InlineData("Tips:MaxFileBytes", "0")]
    [InlineData("Tips:BlockedAuthors:0", "no-colon")]
    public void Bad_settings_are_refused_by_their_full_key(string key, string value)
    {
        using var h = new TipsHarness(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => h.Get<IOptions<TipsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }
}
