using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Api;

/// <summary>
/// What the shared outcome mappings (<see cref="OutcomeResults"/>) can answer, declared on the endpoints that use them,
/// so that the API documents list every status a client can get and generated clients handle them.
/// </summary>
public static class OutcomeDocumentation
{
    /// <summary>A read of one resource (<c>ToReadResult</c>): 304 for a matching <c>If-None-Match</c>, 404 when it is not there (or not the caller's).</summary>
    public static RouteHandlerBuilder ProducesReadOutcomes(this RouteHandlerBuilder endpoint) => endpoint
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// A change of one resource (<c>ToChangedResult</c>, <c>ToDeletedResult</c>): 404 when it is not there, 409 for a
    /// change that conflicts with its state or a concurrent one, 412 for a stale <c>If-Match</c>.
    /// </summary>
    public static RouteHandlerBuilder ProducesChangeOutcomes(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
