using Meridian.Channels.Data;
using Meridian.Channels.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Channels.Features.Channels;

internal sealed record ChannelResponse(string Id, string Handle, string Name, string Kind, DateTimeOffset CreatedAt)
{
    public static ChannelResponse From(SalesChannel channel) =>
        new(channel.Id, channel.Handle, channel.Name, channel.Kind.ToString().ToLowerInvariant(), channel.CreatedAt);
}

internal sealed record CreateChannelRequest(string Handle, string Name, string Kind);

internal static class ChannelEndpoints
{
    public static void MapChannelEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/channels", ListChannels)
            .RequireAuthorization(Policies.Admin(Scopes.ChannelsRead))
            .WithName("ListChannels").WithSummary("Lists the sales channels.").WithTags("Channels");
        admin.MapPost("/channels", CreateChannel)
            .RequireAuthorization(Policies.Admin(Scopes.ChannelsWrite))
            .WithName("CreateChannel").WithSummary("Creates a sales channel.").WithTags("Channels");
    }

    private static async Task<Ok<Page<ChannelResponse>>> ListChannels(ChannelsDbContext db, CancellationToken cancellationToken)
    {
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<ChannelResponse>(channels.Select(ChannelResponse.From).ToList(), null));
    }

    private static async Task<Results<Created<ChannelResponse>, ValidationProblem, ProblemHttpResult>> CreateChannel(
        CreateChannelRequest request, ChannelsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Required(request.Handle, "handle", 64)
            .Required(request.Name, "name");
        validation.When(request.Handle.Length > 0 && !Handles.IsValid(request.Handle), "handle", Handles.Rule);
        validation.When(!Enum.TryParse<ChannelKind>(request.Kind, ignoreCase: true, out var kind) || int.TryParse(request.Kind, out _),
            "kind", "One of web, kiosk, mobile, marketplace.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.Channels.AnyAsync(c => c.Handle == request.Handle, cancellationToken))
        {
            return Problems.Conflict($"A channel with handle '{request.Handle}' exists.");
        }
        var channel = new SalesChannel
        {
            Id = Ids.New("chan"),
            Handle = request.Handle,
            Name = request.Name.Trim(),
            Kind = kind,
            CreatedAt = time.GetUtcNow(),
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/admin/channels/{channel.Id}", ChannelResponse.From(channel));
    }
}
