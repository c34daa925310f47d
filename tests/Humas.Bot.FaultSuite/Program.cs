namespace Humas.Bot.FaultSuite;

// Usage: Humas.Bot.FaultSuite [--short | --full] [--scenario NAME ...] [--list]
// One JSON line per scenario on stdout; exit code 0 when every scenario passed (or was skipped), 1 otherwise,
// 2 for a usage error. Each scenario is bounded: 4 minutes short, 20 minutes full.
/// <summary>The suite as a program (a class of its own: the tests reference this assembly beside Humas.Bot's Program).</summary>
public static class FaultSuiteProgram
{
    public static async Task<int> Main(string[] args)
    {
        var quick = !args.Contains("--full");
        if (args.Contains("--list"))
        {
            foreach (var s in FaultSuiteRunner.All)
            {
                Console.WriteLine(s.Name);
            }

            return 0;
        }

        var names = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scenario" && i + 1 < args.Length)
            {
                names.Add(args[++i]);
            }
            else if (args[i] is not ("--short" or "--full"))
            {
                Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--short | --full] [--scenario NAME ...] [--list]");
                return 2;
            }
        }

        var scenarios = names.Count == 0 ? FaultSuiteRunner.All : names.Select(FaultSuiteRunner.Find).ToList();
        var limit = quick ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(20);
        var failed = 0;
        foreach (var scenario in scenarios)
        {
            var result = await FaultSuiteRunner.RunAsync(scenario, quick, limit);
            Console.WriteLine(result.ToJson());
            failed += result.Passed ? 0 : 1;
        }

        // The PostgreSQL servers the scenarios started stop at process exit (PostgresServer's exit hook).
        return failed == 0 ? 0 : 1;
    }
}
