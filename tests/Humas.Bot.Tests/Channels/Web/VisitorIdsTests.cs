using Humas.Bot.Channels.Web;
using Humas.Bot.Channels.Web.Visitors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Channels.Web;

public sealed class VisitorIdsTests
{
    private static VisitorIds Create(string? key) =>
        new(Options.Create(new WebOptions { VisitorKey = key }), new EphemeralDataProtectionProvider());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_issued_id_verifies_and_any_change_does_not(bool withKey)
    {
        var ids = Create(withKey ? WebHost.VisitorKey : null);
        var (id, token) = ids.Issue();

        Assert.Equal(id, ids.Verify(token));
        for (var i = 3; i < token.Length; i += 7)
        {
            var changed = token[..i] + (token[i] == 'a' ? 'b' : 'a') + token[(i + 1)..];
            Assert.Null(ids.Verify(changed));
        }

        Assert.Null(ids.Verify(token + "x"));
        Assert.Null(ids.Verify(new string('a', 10_000)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Visitor_ids_expire(bool withKey)
    {
        var ids = new VisitorIds(Options.Create(new WebOptions { VisitorKey = withKey ? WebHost.VisitorKey : null, VisitorIdDays = 30 }), new EphemeralDataProtectionProvider());
        var id = Guid.NewGuid().ToString("N");

        Assert.Equal(id, ids.Verify(ids.Sign(id, DateTimeOffset.UtcNow.AddDays(-29))));
        Assert.Null(ids.Verify(ids.Sign(id, DateTimeOffset.UtcNow.AddDays(-31))));
        Assert.Null(ids.Verify(ids.Sign(id, DateTimeOffset.UtcNow.AddHours(1))));
        // The old, never-expiring format is not accepted any more.
        Assert.Null(ids.Verify("v1." + id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    [Fact]
    public void An_id_signed_with_another_key_is_refused()
    {
        var other = Create(Convert.ToBase64String(new byte[32]));
        var (_, token) = other.Issue();
        Assert.Null(Create(WebHost.VisitorKey).Verify(token));
    }
}
