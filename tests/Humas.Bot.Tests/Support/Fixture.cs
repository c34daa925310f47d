namespace Humas.Bot.Tests.Support;

/// <summary>Files under Fixtures/, copied next to the test assembly.</summary>
public static class Fixture
{
    public static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string Seed(int number) =>
        Text("Seeds/" + Directory.GetFiles(PathOf("Seeds"), $"{number:000}_*.txt").Select(Path.GetFileName).Single());
}
