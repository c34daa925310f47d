namespace Humas.Bot.Tests.Support;

/// <summary>Fixture files copied next to the test assembly (see the csproj's Fixtures/** item).</summary>
public static class Fixture
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));
}
