using Humas.Bot.Benchmarks;

// Verbs: `polling` (the harness; prints one JSON document) and `serve-feeds` (its feed server child).
try
{
    return args switch
    {
        [_, "--help" or "-h"] or ["--help" or "-h"] => Help(0),
        ["polling", .. var rest] => await PollingBenchmark.RunAsync(BenchOptions.Parse(rest)),
        ["serve-feeds", .. var rest] => await FeedServer.RunChildAsync(BenchOptions.Parse(rest)),
        _ => Help(2),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

static int Help(int exitCode)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return exitCode;
}
