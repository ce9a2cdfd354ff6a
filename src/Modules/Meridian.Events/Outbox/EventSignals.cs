using Meridian.SharedKernel.Modules;

namespace Meridian.Events.Outbox;

/// <summary>The two wake-ups of the backbone: an append for the dispatcher, a publication for the consumers.</summary>
internal sealed class EventSignals
{
    public Signal Appended { get; } = new();

    public Signal Published { get; } = new();
}
