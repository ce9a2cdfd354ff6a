using System.Text;
using System.Text.RegularExpressions;
using Meridian.SharedKernel.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Meridian.Events.Dispatch.Nats;

/// <summary>
/// The process's one connection to NATS and the region's stream, <c>MERIDIAN_EVENTS_{REGION}</c> on the subjects
/// <c>meridian.{region}.events.&gt;</c>: file storage, the de-duplication window, and the events' retention as its
/// maximum age, so the broker keeps what the database log keeps. The stream is created or updated (idempotently) on
/// the first use after every (re)connection, which also rebuilds it on a NATS server that lost its store. Never fatal:
/// the Server starts and runs with NATS down, every call is bounded by <see cref="NatsOptions.Timeout"/>, and the
/// client reconnects by itself. The link also keeps the one fact the transport decides by: since when NATS has been failing.
/// </summary>
internal sealed partial class NatsLink : IAsyncDisposable
{
    /// <summary>Consumers and the publisher share one connection attempt per interval instead of each queueing its own.</summary>
    private static readonly TimeSpan SetupInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly NatsOptions _options;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<NatsLink> _logger;
    private volatile bool _streamReady;
    private long _generation;
    private long _failingSince;
    private long _lastSetup;

    public NatsLink(IOptions<NatsOptions> options, IOptions<EventsOptions> events, IOptions<ServerOptions> server, TimeProvider time, ILogger<NatsLink> logger)
    {
        _options = options.Value;
        _retention = events.Value.Retention;
        _time = time;
        _logger = logger;
        var region = Token(server.Value.Region);
        StreamName = "MERIDIAN_EVENTS_" + region.Replace('-', '_').ToUpperInvariant();
        SubjectPrefix = $"meridian.{region}.events.";
        Connection = new NatsConnection(new NatsOpts
        {
            Url = _options.Url,
            Name = "meridian-" + region,
            ConnectTimeout = _options.Timeout,
            RequestTimeout = _options.Timeout,
            CommandTimeout = _options.Timeout,
            // A publish or ack while disconnected fails after the command timeout instead of waiting for the reconnect.
            PublishTimeoutOnDisconnected = true,
            // Back within a second or two of NATS returning; the defaults (2–5 s) would keep consumers on the database longer.
            ReconnectWaitMin = TimeSpan.FromMilliseconds(250),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            // A connection that silently stopped answering (no reset) is noticed within half a minute, not the default four.
            PingInterval = TimeSpan.FromSeconds(10),
            // Subjects (SKUs among them) are not guaranteed ASCII.
            HeaderEncoding = Encoding.UTF8,
        });
        Connection.ConnectionDisconnected += (_, _) =>
        {
            _streamReady = false;
            return ValueTask.CompletedTask;
        };
        JetStream = new NatsJSContext(Connection);
    }

    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    public string StreamName { get; }

    /// <summary><c>meridian.{region}.events.</c>; an event's subject is this and its type.</summary>
    public string SubjectPrefix { get; }

    /// <summary>Grows each time the stream is set up after a (re)connection, so consumers know to set theirs up again.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How long NATS has been failing without a success since; zero while it works.</summary>
    public TimeSpan FailingFor
    {
        get
        {
            var since = Interlocked.Read(ref _failingSince);
            return since == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(1, _time.GetUtcNow().ToUnixTimeMilliseconds() - since));
        }
    }

    public string Subject(string eventType) => SubjectPrefix + eventType;

    /// <summary>A JetStream durable name for a consumer: names are stable, so the durable survives restarts.</summary>
    public static string DurableName(string consumer) => Token(consumer);

    /// <summary>A cancellation source that bounds one NATS call by <see cref="NatsOptions.Timeout"/> (plus <paramref name="extra"/>) within the caller's token.</summary>
    public CancellationTokenSource Bounded(CancellationToken cancellationToken, TimeSpan extra = default)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout + extra);
        return timeout;
    }

    /// <summary>
    /// Whether the connection is open and the stream set up; sets them up when they are not (at most once per
    /// second for the whole process). False, and recorded as a failure, while NATS does not answer.
    /// </summary>
    public async Task<bool> TryReadyAsync(CancellationToken cancellationToken)
    {
        if (_streamReady && Connection.ConnectionState == NatsConnectionState.Open)
        {
            return true;
        }
        await _setup.WaitAsync(cancellationToken);
        try
        {
            if (_streamReady && Connection.ConnectionState == NatsConnectionState.Open)
            {
                return true;
            }
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (Connection.ConnectionState is NatsConnectionState.Connecting or NatsConnectionState.Reconnecting
                || now - Interlocked.Read(ref _lastSetup) < SetupInterval.TotalMilliseconds)
            {
                Failed("connect", null);
                return false;
            }
            Interlocked.Exchange(ref _lastSetup, now);
            using var timeout = Bounded(cancellationToken);
            if (Connection.ConnectionState != NatsConnectionState.Open)
            {
                await Connection.ConnectAsync().AsTask().WaitAsync(timeout.Token);
            }
            await JetStream.CreateOrUpdateStreamAsync(new StreamConfig(StreamName, [SubjectPrefix + ">"])
            {
                Description = "Meridian's published events of one region; the region's database log is the authority.",
                Storage = StreamConfigStorage.File,
                Retention = StreamConfigRetention.Limits,
                DuplicateWindow = _options.DuplicateWindow,
                MaxAge = _retention,
            }, timeout.Token);
            _streamReady = true;
            Interlocked.Increment(ref _generation);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Failed("stream setup", exception);
            return false;
        }
        finally
        {
            _setup.Release();
        }
    }

    /// <summary>A call failed in a way that may mean the stream is gone (a publish nobody answered): set it up again first.</summary>
    public void SetUpAgain() => _streamReady = false;

    /// <summary>A NATS call succeeded: NATS works (again).</summary>
    public void Succeeded()
    {
        var since = Interlocked.Exchange(ref _failingSince, 0);
        if (since != 0)
        {
            EventsLog.NatsRecovered(_logger, TimeSpan.FromMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds() - since));
        }
    }

    /// <summary>
    /// A NATS call failed (or could not be made). The first failure of an outage is a warning; the rest of it,
    /// which would otherwise repeat every second per consumer, is logged at debug level until NATS answers again.
    /// </summary>
    public void Failed(string operation, Exception? exception)
    {
        var errorType = exception?.GetType().FullName ?? "NotConnected";
        if (Interlocked.CompareExchange(ref _failingSince, _time.GetUtcNow().ToUnixTimeMilliseconds(), 0) == 0)
        {
            EventsLog.NatsFailing(_logger, operation, errorType, exception);
        }
        else
        {
            EventsLog.NatsStillFailing(_logger, operation, errorType, exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _setup.Dispose();
    }

    /// <summary>Stream names, durable names and subject tokens allow letters, digits, '-' and '_'; a region or consumer name may have more.</summary>
    private static string Token(string name) => NotTokenCharacter().Replace(name, "_");

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotTokenCharacter();
}
