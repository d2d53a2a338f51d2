using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceDefaults.Api;

namespace Unit.Tests.ServiceDefaults;

public sealed class OutcomeResultsTests
{
    private static DefaultHttpContext Http(string? ifMatch = null, string? ifNoneMatch = null)
    {
        var http = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            http.Request.Headers.IfMatch = ifMatch;
        }

        if (ifNoneMatch is not null)
        {
            http.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return http;
    }

    private static int? StatusOf(IResult result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult status => status.StatusCode,
        _ => null,
    };

    [Fact]
    public void A_read_carries_the_versions_etag()
    {
        var http = Http();

        var result = new Outcome<string>("profile", 7).ToReadResult(http, value => value);

        Assert.Equal(200, StatusOf(result));
        Assert.Equal("\"7\"", http.Response.Headers.ETag);
    }

    [Fact]
    public void A_read_of_the_version_the_client_has_is_304()
    {
        Assert.Equal(304, StatusOf(new Outcome<string>("profile", 7).ToReadResult(Http(ifNoneMatch: "\"7\""), value => value)));
    }

    [Fact]
    public void A_concurrent_change_is_412_for_a_client_that_sent_if_match_and_409_for_one_that_did_not()
    {
        Outcome<string> lost = Failure.ConcurrentChange;

        Assert.Equal(412, StatusOf(lost.ToChangedResult(Http(ifMatch: "\"7\""), value => value)));
        Assert.Equal(409, StatusOf(lost.ToChangedResult(Http(), value => value)));
    }

    [Theory]
    [InlineData(FailureKind.NotFound, 404)]
    [InlineData(FailureKind.Stale, 412)]
    [InlineData(FailureKind.Conflict, 409)]
    [InlineData(FailureKind.Forbidden, 403)]
    [InlineData(FailureKind.TooManyRequests, 429)]
    public void Each_failure_has_its_status(FailureKind kind, int status)
    {
        Outcome<string> failed = new Failure(kind, "Why");

        Assert.Equal(status, StatusOf(failed.ToChangedResult(Http(), value => value)));
        Assert.Equal(status, StatusOf(failed.ToDeletedResult(Http())));
    }

    [Fact]
    public void Invalid_values_are_a_validation_problem_that_names_the_fields()
    {
        Outcome<string> invalid = Failure.Invalid(new Dictionary<string, string[]> { ["email"] = ["Required."] });

        var result = invalid.ToChangedResult(Http(), value => value);

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal(["Required."], problem.ProblemDetails.Errors["email"]);
    }

    [Fact]
    public void A_creation_is_201_at_its_location_with_its_etag()
    {
        var http = Http();
        http.Request.PathBase = "/users";

        var result = new Outcome<string>("ann", 3).ToCreatedResult(http, value => $"/api/v1/users/{value}", value => value);

        var created = Assert.IsType<Created<string>>(result.Result);
        Assert.Equal("/users/api/v1/users/ann", created.Location);
        Assert.Equal("\"3\"", http.Response.Headers.ETag);
    }

    [Fact]
    public void Too_many_requests_says_when_to_retry_in_whole_seconds_rounded_up()
    {
        var http = Http();
        Outcome<string> refused = Failure.TooManyRequests("Too many orders.", "Wait.", TimeSpan.FromSeconds(29.2));

        Assert.Equal(429, StatusOf(refused.ToCreatedResult(http, value => value, value => value)));
        Assert.Equal("30", http.Response.Headers.RetryAfter);
    }

    [Fact]
    public void A_conflict_with_errors_is_409_and_names_the_fields()
    {
        Outcome<string> conflict = Failure.Conflict("Some items cannot be ordered.", "Short.", new Dictionary<string, string[]> { ["items[1].quantity"] = ["Only 3 in stock."] });

        var result = conflict.ToCreatedResult(Http(), value => value, value => value);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(409, problem.StatusCode);
        Assert.True(problem.ProblemDetails.Extensions.TryGetValue("errors", out var errors));
        Assert.Equal(["Only 3 in stock."], ((IReadOnlyDictionary<string, string[]>)errors!)["items[1].quantity"]);
    }
}
