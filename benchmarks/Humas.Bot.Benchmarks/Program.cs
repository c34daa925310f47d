using Humas.Bot.Benchmarks;

// Verbs: `polling` (the harness; prints one JSON document) and `serve-feeds` (its feed server child).
try
{
    return args switch
    {
        ["polling", .. var rest] => await PollingBenchmark.RunAsync(BenchOptions.Parse(rest)),
        ["serve-feeds", .. var rest] => await FeedServer.RunChildAsync(BenchOptions.Parse(rest)),
        _ => Help(),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

static int Help()
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
