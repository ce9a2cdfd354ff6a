using Meridian.Bench;

if (args.Length > 0 && args[0] == BaselineServer.Command)
{
    return await BaselineServer.RunAsync(args);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync($"{e.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

try
{
    var report = await BenchRun.RunAsync(options);
    Console.WriteLine();
    Console.WriteLine(report);
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    await Console.Error.WriteLineAsync($"The benchmark failed: {e.Message}");
    return 1;
}
