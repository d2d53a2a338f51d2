using Gateway.Proxy;
using Microsoft.AspNetCore.Http;
using ServiceDefaults.Api;
using Yarp.ReverseProxy.Forwarder;

namespace Unit.Tests.Gateway;

public sealed class RetryableRequestsTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public void A_safe_request_may_be_sent_again(string method)
    {
        Assert.True(RetryableRequests.MayRepeat(Request(method)));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public void A_request_that_changes_something_may_be_sent_again_only_with_an_idempotency_key(string method)
    {
        Assert.False(RetryableRequests.MayRepeat(Request(method, bodyBytes: 100)));
        Assert.True(RetryableRequests.MayRepeat(Request(method, bodyBytes: 100, idempotencyKey: "7a1b2c3d")));
    }

    [Fact]
    public void A_body_larger_than_the_apis_accept_or_of_unknown_length_is_not_kept_to_be_sent_again()
    {
        Assert.True(RetryableRequests.MayRepeat(Request("POST", bodyBytes: RetryableRequests.MaxBufferedBodyBytes, idempotencyKey: "k")));
        Assert.False(RetryableRequests.MayRepeat(Request("POST", bodyBytes: RetryableRequests.MaxBufferedBodyBytes + 1, idempotencyKey: "k")));

        var chunked = Request("POST", idempotencyKey: "k");
        chunked.Headers.TransferEncoding = "chunked";
        Assert.False(RetryableRequests.MayRepeat(chunked));
    }

    [Theory]
    [InlineData(ForwarderError.Request, true)] // no answer: the connection went away (GOAWAY while sending the body, a reset)
    [InlineData(ForwarderError.RequestBodyDestination, true)] // the instance went away while the body was being sent
    [InlineData(ForwarderError.NoAvailableDestinations, false)] // the health checks call the service down: 503 at once
    [InlineData(ForwarderError.RequestTimedOut, false)] // the route's time is spent
    [InlineData(ForwarderError.RequestCanceled, false)] // the client went away
    [InlineData(ForwarderError.RequestBodyClient, false)] // the client's own body is at fault
    [InlineData(ForwarderError.ResponseHeaders, false)]
    [InlineData(ForwarderError.ResponseBodyDestination, false)] // an answer had begun
    public void Only_a_request_that_got_no_answer_is_worth_sending_again(ForwarderError error, bool worthIt)
    {
        Assert.Equal(worthIt, RetryableRequests.IsWorthRepeating(error));
    }

    private static HttpRequest Request(string method, long? bodyBytes = null, string? idempotencyKey = null)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.ContentLength = bodyBytes;
        if (idempotencyKey is not null)
        {
            request.Headers[IdempotencyKeyHeader.Name] = idempotencyKey;
        }

        return request;
    }
}
