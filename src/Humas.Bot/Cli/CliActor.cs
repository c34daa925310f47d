namespace Humas.Bot.Cli;

/// <summary>
/// Who runs a command-line action, as the audit log and job rows name them: <c>cli:{user}@{machine}</c>, at most 256
/// characters (the audit log's actor column). The dashboard names its actors by their e-mail address instead.
/// </summary>
public static class CliActor
{
    public static string Current()
    {
        var who = $"cli:{Environment.UserName}@{Environment.MachineName}";
        return who.Length > 256 ? who[..256] : who;
    }
}
