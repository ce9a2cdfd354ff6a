using System.Runtime.InteropServices;

namespace Meridian.Bench;

/// <summary>What the figures were measured on.</summary>
internal sealed record Machine(int Cores, string Cpu, string Memory, string Os, string Runtime)
{
    public static Machine Describe() => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcField("/proc/meminfo", "MemTotal") is { } total ? $"{long.Parse(total.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB" : "unknown",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>The 1, 5 and 15 minute load averages: a high figure means something else was using the cores.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ProcField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
