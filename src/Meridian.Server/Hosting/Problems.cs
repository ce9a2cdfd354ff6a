using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Meridian.Server.Hosting;

/// <summary>
/// RFC 9457 for every error, including the ones the framework raises before an endpoint runs
/// (malformed JSON, wrong types, unknown properties, a missing body). Details name the field, never
/// a .NET type or a stack frame.
/// </summary>
internal static class ProblemsSetup
{
    public static IServiceCollection AddMeridianProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Type ??= Problems.TypeBase + StatusSlug(context.ProblemDetails.Status);
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        return services;
    }

    private static string StatusSlug(int? status) => status switch
    {
        400 => "bad-request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        409 => "conflict",
        412 => "precondition-failed",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        429 => "rate-limited",
        503 => "unavailable",
        _ => "error",
    };
}

/// <summary>Turns the framework's binding failures into 400 problems with field errors.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        var status = badRequest.StatusCode;
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status400BadRequest ? "The request is not valid." : ReasonPhrases(status),
            Detail = DescribeWithoutInternals(badRequest),
            Type = Problems.TypeBase + (status == StatusCodes.Status400BadRequest ? "validation" : "bad-request"),
        };
        if (FindJsonException(badRequest) is { } json)
        {
            problem.Detail = "The JSON body does not match the expected shape.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [FieldOf(json)] = [MessageOf(json)] };
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    private static string FieldOf(JsonException json)
    {
        var path = json.Path ?? "$";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "$" : field;
    }

    private static string MessageOf(JsonException json) => json.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "Unknown property.",
        var m when m.Contains("missing required properties", StringComparison.Ordinal) => "Required properties are missing: " + MissingProperties(m),
        var m when m.Contains("null", StringComparison.OrdinalIgnoreCase) => "May not be null.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "Has the wrong type or format.",
        _ => "Is not valid JSON.",
    };

    private static string MissingProperties(string message)
    {
        var start = message.IndexOf("including: ", StringComparison.Ordinal);
        return start < 0 ? "see the API reference." : message[(start + "including: ".Length)..].TrimEnd('.');
    }

    private static string DescribeWithoutInternals(BadHttpRequestException exception) =>
        exception.Message.Contains("body was not provided", StringComparison.Ordinal) || exception.Message.Contains("Implicit body", StringComparison.Ordinal)
            ? "A JSON body is required."
            : exception.Message.Contains("Failed to bind parameter", StringComparison.Ordinal)
                ? "A route or query value has the wrong type or format."
                : "The request could not be read.";

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}

/// <summary>
/// A database (or Redis) that cannot be reached is the server's trouble, not the client's: 503 with
/// <c>Retry-After</c>, so clients and the gateway back off instead of hanging or retrying at once.
/// </summary>
internal sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (DbException or DependencyUnavailableException) && exception.InnerException is not (DbException or DependencyUnavailableException))
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable.",
                Detail = "A store dependency cannot be reached. Reads of the catalog keep working; retry writes shortly.",
                Type = Problems.TypeBase + "unavailable",
            },
            Exception = exception,
        });
    }
}
