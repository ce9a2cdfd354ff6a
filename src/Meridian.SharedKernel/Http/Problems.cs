using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Meridian.SharedKernel.Http;

/// <summary>
/// The problem responses endpoints return. One place, so every module's errors read the same way:
/// a stable <c>type</c> a client can switch on, a title, and a detail for humans.
/// </summary>
public static class Problems
{
    /// <summary>Base of every problem <c>type</c> URI.</summary>
    public const string TypeBase = "https://meridian.dev/problems/";

    /// <summary>400 with field errors.</summary>
    public static ValidationProblem Validation(Validation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return TypedResults.ValidationProblem(
            validation.ToDictionary(),
            detail: "One or more fields are not valid.",
            title: "The request is not valid.",
            type: TypeBase + "validation");
    }

    /// <summary>400 with one field error.</summary>
    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Validation().Add(field, message));

    /// <summary>404: also what a caller gets for someone else's resource, so existence never leaks.</summary>
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Not found.",
            Detail = $"No {what} with that id or handle exists.",
            Type = TypeBase + "not-found",
        });

    /// <summary>409: the request conflicts with the current state (a handle or email already taken).</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict.",
            Detail = detail,
            Type = TypeBase + "conflict",
        });

    /// <summary>A problem of any status with its own type slug.</summary>
    public static ProblemHttpResult Of(int status, string slug, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = TypeBase + slug,
        });
}
