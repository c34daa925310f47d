using Humas.Bot.Channels.Web.Chat;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Feedback;
using Humas.Bot.Localization;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class WebMessageFormatterTests
{
    private static WebMessageFormatter Create()
    {
        var texts = new JsonTexts();
        var options = new ReactionOptions();
        options.ApplyDefaults();
        return new WebMessageFormatter(new ReactionCatalog(Options.Create(options), texts), texts);
    }

    [Fact]
    public void An_article_carries_the_question_and_five_options_with_counts_in_the_readers_language()
    {
        var view = Create().Format(new ArticleMessage(Guid.NewGuid(), "Kemensos", "Judul", "Ringkas", "https://kemensos.go.id/a", null, DateTime.UtcNow, [3, 0, 1, 0, 2], "en"));

        Assert.Equal("article", view.Kind);
        Assert.Equal("What do you think of this article?", view.Article!.Question);
        Assert.Equal(new[] { (1, "Like", 3), (2, "Useful", 0), (3, "Neutral", 1), (4, "Worried", 0), (5, "Dislike", 2) },
            view.Article.Options.Select(o => (o.Id, o.Label, o.Count)));
    }

    [Fact]
    public void A_digest_part_lists_its_entries_under_a_localized_title()
    {
        var entries = new[] { new DigestEntry(Guid.NewGuid(), "Setneg", "Satu", "https://setneg.go.id/1"), new DigestEntry(Guid.NewGuid(), "Kemensos", "Dua", "https://kemensos.go.id/2") };

        var view = Create().Format(new DigestMessage(DigestPeriod.Daily, entries, 1, 2, "id"));

        Assert.Equal("digest", view.Kind);
        Assert.Equal("Ringkasan berita hari ini", view.Digest!.Title);
        Assert.Equal((1, 2), (view.Digest.Part, view.Digest.PartCount));
        Assert.Equal(["Satu", "Dua"], view.Digest.Entries.Select(e => e.Title));
    }

    [Fact]
    public void Text_stays_plain_text()
    {
        var view = Create().Format(new TextMessage("<b>tebal</b> & <script>", "id"));
        Assert.Equal(("text", "<b>tebal</b> & <script>"), (view.Kind, view.Text));
    }
}
