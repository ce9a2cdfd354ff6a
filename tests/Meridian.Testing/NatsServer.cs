using System.Diagnostics;
using System.Globalization;

namespace Meridian.Testing;

/// <summary>A real nats-server with JetStream (Debian's nats-server), its store in a folder of its own so a restart keeps the streams.</summary>
public sealed class NatsServer : LocalServer
{
    public string Url => $"nats://127.0.0.1:{Port}";

    protected override string Name => "nats-server";

    protected override ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(Program("nats-server", "/usr/sbin"));
        foreach (var argument in new[] { "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-js",
                     "-sd", Path.Combine(Folder, "jetstream"), "-l", Path.Combine(Folder, "nats.log") })
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }
}
