using Microsoft.Playwright;

namespace Humas.Bot.Tests.Support.Browser;

/// <summary>
/// The Content-Security-Policy violations one page reports, over every document it opens: the browser's console
/// messages about the policy (reports, and a policy it could not read), and the current document's
/// <c>securitypolicyviolation</c> events. Start recording before the first navigation.
/// </summary>
public sealed class CspViolations
{
    /// <summary>
    /// Runs before any of a document's own scripts (and is not subject to its policy): every violation it reports,
    /// as "directive blocked-address".
    /// </summary>
    private const string Recorder = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI));
        """;

    private readonly IPage _page;
    private readonly List<string> _console = [];

    private CspViolations(IPage page) => _page = page;

    public static async Task<CspViolations> RecordAsync(IPage page)
    {
        var violations = new CspViolations(page);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations._console)
                {
                    violations._console.Add(message.Text);
                }
            }
        };
        await page.AddInitScriptAsync(Recorder);
        return violations;
    }

    /// <summary>
    /// No violation so far. To know the recorder hears them (and that the current document has a policy), it then
    /// makes one itself (an inline style element) and waits for it: reports come in order, so one of the
    /// document's own would be there before it. Call it once, last: the probe's own console message follows.
    /// </summary>
    public async Task ExpectNoneAsync()
    {
        lock (_console)
        {
            Assert.Empty(_console);
        }

        await _page.EvaluateAsync("() => { const s = document.createElement('style'); s.textContent = '.probe { color: red }'; document.head.appendChild(s); }");
        try
        {
            await _page.WaitForFunctionAsync("() => window.__csp.length > 0");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"An inline style on {_page.Url} was not reported: the document has no Content-Security-Policy forbidding it.", e);
        }

        var reported = await _page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.Equal("style-src-elem inline", Assert.Single(reported));
    }
}
