namespace Humas.Bot.Tests.Support;

/// <summary>The checkout the tests run from (the folder with Humas.Bot.sln), to find peers under tests/e2e-peers.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Humas.Bot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Humas.Bot.sln not found above " + AppContext.BaseDirectory);
    }
}
