using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceDefaults.Problems;

/// <summary>The problem responses endpoints return themselves (the framework's own go through the exception handler).</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title);

    public static ProblemHttpResult Conflict(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    /// <summary>If-Match named another version than the current one.</summary>
    public static ProblemHttpResult PreconditionFailed() =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The resource has changed.",
            detail: "If-Match does not name the current version (ETag). Read the resource again and reapply your change.");

    /// <summary>A write lost a race with another write and the client sent no If-Match to decide.</summary>
    public static ProblemHttpResult ConcurrentUpdate() =>
        Conflict("The resource was modified concurrently.", "Another request changed it at the same time. Read it again and retry.");
}
