namespace Humas.Bot.Tests.Support;

/// <summary>Reading and checking the security headers of a response (Host/SecurityHeaders and the pages' policies).</summary>
public static class SecurityHeaderAssertions
{
    /// <summary>The one value of <paramref name="header"/>; fails when it is missing or repeated.</summary>
    public static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);

    /// <summary>The policy's directives, each with its sources.</summary>
    public static Dictionary<string, string[]> Policy(HttpResponseMessage response) =>
        Single(response, "Content-Security-Policy")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);

    /// <summary>
    /// A resource's headers: a policy under which the answer, opened as a document, loads and runs nothing, and
    /// nosniff. <paramref name="name"/> says which answer failed.
    /// </summary>
    public static void AssertResourceHeaders(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.Contains("Content-Security-Policy"), $"{name} ({(int)response.StatusCode}) has no Content-Security-Policy");
        var policy = Policy(response);
        Assert.True(policy.Count == 2, $"{name}: {Single(response, "Content-Security-Policy")}");
        Assert.Equal(["'none'"], policy["default-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.True(response.Headers.Contains("X-Content-Type-Options"), $"{name} ({(int)response.StatusCode}) has no X-Content-Type-Options");
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
    }
}
