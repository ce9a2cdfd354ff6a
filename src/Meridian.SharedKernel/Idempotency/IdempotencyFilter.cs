using System.Security.Cryptography;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.SharedKernel.Idempotency;

/// <summary>Marks an endpoint whose request body must be kept readable for the idempotency fingerprint.</summary>
public sealed class IdempotentEndpointMetadata;

/// <summary>
/// The contract's <c>Idempotency-Key</c>: the first response for a key is stored and replayed to every
/// retry with the same body (<c>Idempotent-Replayed: true</c>); another body with the same key is 422;
/// a retry while the first is running is 409. Keys are scoped to the caller (API key and customer).
/// Server errors are not stored: the claim is released, so the client's retry runs again.
/// </summary>
public static class Idempotency
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The header on a replayed response.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>How long a running request holds its key before a retry may take over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static readonly string[] KeptHeaders = ["Location", "ETag"];

    /// <summary>Requires an <c>Idempotency-Key</c> on this endpoint (money moves here) and applies the contract's semantics.</summary>
    public static RouteHandlerBuilder RequireIdempotencyKey(this RouteHandlerBuilder builder) => builder.WithIdempotency(required: true);

    /// <summary>Applies the contract's semantics when the client sends an <c>Idempotency-Key</c>, as offline clients do.</summary>
    public static RouteHandlerBuilder AcceptIdempotencyKey(this RouteHandlerBuilder builder) => builder.WithIdempotency(required: false);

    private static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder, bool required)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new IdempotentEndpointMetadata())
            .AddEndpointFilter((invocation, next) => FilterAsync(invocation, next, required));
    }

    /// <summary>Keeps request bodies of idempotent endpoints readable after model binding. Call before the endpoints run.</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpointMetadata>() is not null)
            {
                context.Request.EnableBuffering();
            }
            return next(context);
        });

    private static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, bool required)
    {
        var http = invocation.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 && !required)
        {
            return await next(invocation);
        }
        if (key.Length is 0 or > 255)
        {
            return Problems.Validation(Header, "Send a unique key of 1 to 255 characters with every request that creates or moves money.");
        }
        // Keys are scoped to the caller, customer included: on routes where signing in is optional
        // the bearer token is not part of http.User yet, so it is read here, before anything is claimed.
        var (customerId, invalidToken) = await Callers.OptionalCustomerAsync(http);
        if (invalidToken)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "unauthenticated", "Not signed in.",
                "The access token is not valid or has expired. Refresh it, sign in again, or send no token.");
        }
        var store = http.RequestServices.GetRequiredService<IIdempotencyStore>();
        var scope = $"{http.User.FindFirst(MeridianClaims.KeyId)?.Value ?? "-"}/{customerId ?? "-"}";
        var fingerprint = await FingerprintAsync(http);
        var claim = await store.ClaimAsync(scope, key, fingerprint, Lease, http.RequestAborted);
        switch (claim)
        {
            case IdempotencyClaim.Completed completed:
                return new ReplayResult(completed.Response);
            case IdempotencyClaim.Mismatch:
                return Problems.Of(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "Idempotency key reused.",
                    "This Idempotency-Key was used with a different request. Use a new key for a new request.");
            case IdempotencyClaim.InFlight:
                // After a crash the dead request's lease holds the key until it expires; tell the
                // client when to come back instead of letting it spin.
                http.Response.Headers.RetryAfter = "2";
                return Problems.Of(StatusCodes.Status409Conflict, "idempotency-key-in-flight", "Request in progress.",
                    "A request with this Idempotency-Key is still running. Retry shortly to get its result.");
        }

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            var result = await next(invocation);
            if (result is IResult executable)
            {
                await executable.ExecuteAsync(http);
            }
            var status = http.Response.StatusCode;
            if (status >= 500)
            {
                await store.ReleaseAsync(scope, key, CancellationToken.None);
            }
            else
            {
                var headers = KeptHeaders.Where(h => http.Response.Headers.ContainsKey(h))
                    .ToDictionary(h => h, h => http.Response.Headers[h].ToString(), StringComparer.OrdinalIgnoreCase);
                await store.CompleteAsync(scope, key, new StoredResponse(status, http.Response.ContentType, buffer.ToArray(), headers), CancellationToken.None);
            }
        }
        catch
        {
            await store.ReleaseAsync(scope, key, CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    private static async Task<string> FingerprintAsync(HttpContext http)
    {
        var request = http.Request;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }
            request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class ReplayResult(StoredResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.Status;
            httpContext.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers)
            {
                httpContext.Response.Headers[name] = value;
            }
            httpContext.Response.Headers[ReplayedHeader] = "true";
            await httpContext.Response.Body.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
