using System.Diagnostics;
using System.Globalization;

namespace Meridian.Testing;

/// <summary>A real redis-server (Debian's redis-server) without persistence: an outage loses what it held, as a cache may.</summary>
public class RedisServer : LocalServer
{
    public string ConnectionString => $"127.0.0.1:{Port}";

    protected override string Name => "redis-server";

    protected override ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(Program("redis-server"));
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", Folder, "--logfile", Path.Combine(Folder, "redis.log") })
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }
}
