using System.Net;
using Backend.Testing;

namespace Gateway.Tests;

public sealed class EdgeProtectionTests(GatewayFixture gateway)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invalid_token_is_stopped_at_the_edge_and_never_reaches_the_service()
    {
        await using var downstream = await TestDownstream.StartAsync();
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:users:h2c:0"] = downstream.Address.AbsoluteUri });
        using var http = edge.CreateClient();
        var valid = gateway.Customer.AccessToken;
        var forged = TokenForge.Tampered(valid);

        using var refused = await Send(http, "/api/v1/users/me", forged);
        using var expired = await Send(http, "/api/v1/users/me", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        Assert.Empty(downstream.Received);
        using var accepted = await Send(http, "/api/v1/users/me", valid);

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, Ct);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(expired, HttpStatusCode.Unauthorized, Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(downstream.Received); // only the valid one got through
    }

    [Fact]
    public async Task Forwarded_headers_are_set_by_the_gateway_trace_context_flows_and_internal_headers_do_not_leak()
    {
        await using var downstream = await TestDownstream.StartAsync();
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:users:h2c:0"] = downstream.Address.AbsoluteUri });
        using var http = edge.CreateClient();
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.Host = "evil.example"; // a client cannot choose the public host, with either header
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = Assert.Single(downstream.Received).Headers;
        Assert.Equal(gateway.Gateway.Authority, forwarded["X-Forwarded-Host"]); // the issuer's
        Assert.Equal("http", forwarded["X-Forwarded-Proto"]);
        Assert.Contains(traceId, forwarded["traceparent"], StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(response.Headers.Contains("X-Powered-By"));
    }

    [Fact]
    public async Task A_slow_service_is_a_504_problem()
    {
        await using var downstream = await TestDownstream.StartAsync();
        await using var edge = await gateway.NewGatewayAsync(new()
        {
            ["services:users:h2c:0"] = downstream.Address.AbsoluteUri,
            ["ReverseProxy:Routes:users:Timeout"] = "00:00:01",
        });
        using var http = edge.CreateClient();

        using var response = await http.GetAsync(new Uri("/api/v1/users/slow", UriKind.Relative), Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, Ct);
    }

    [Fact]
    public async Task A_service_that_answers_garbage_is_a_502_problem()
    {
        using var downstream = new GarbageDownstream();
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:users:h2c:0"] = downstream.Address.AbsoluteUri });
        using var http = edge.CreateClient();

        using var response = await http.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative), Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, Ct);
    }

    [Fact]
    public async Task A_service_that_dies_before_answering_is_a_503_problem()
    {
        await using var downstream = await TestDownstream.StartAsync();
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:users:h2c:0"] = downstream.Address.AbsoluteUri });
        using var http = edge.CreateClient();

        using var response = await http.GetAsync(new Uri("/api/v1/users/broken", UriKind.Relative), Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, Ct);
    }

    [Fact]
    public async Task A_service_that_dies_while_the_body_is_being_sent_is_a_503_problem_not_a_502()
    {
        await using var downstream = await TestDownstream.StartAsync();
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:users:h2c:0"] = downstream.Address.AbsoluteUri });
        using var http = edge.CreateClient();

        // The body comes in two parts a moment apart: the service is gone by the time the second is forwarded.
        using var body = new StreamContent(new SlowBody());
        body.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(new Uri("/api/v1/users/broken", UriKind.Relative), body, Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, Ct);
    }

    /// <summary>A JSON body whose second half arrives half a second after its first.</summary>
    private sealed class SlowBody : Stream
    {
        private readonly Queue<byte[]> _parts = new([
            """{"email":"slow@example.com","""u8.ToArray(),
            System.Text.Encoding.UTF8.GetBytes(new string(' ', 1000) + "\"name\":\"Slow\"}"),
        ]);

        private bool _waited;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_parts.TryDequeue(out var part))
            {
                return 0;
            }

            if (_parts.Count == 0 && !_waited)
            {
                _waited = true;
                await Task.Delay(500, cancellationToken);
            }

            part.CopyTo(buffer); // each part fits any read buffer
            return part.Length;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_service_nobody_listens_for_is_a_503_problem_with_retry_after()
    {
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:users:h2c:0"] = "http://127.0.0.1:9" }); // discard port: refused
        using var http = edge.CreateClient();

        using var response = await http.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative), Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, Ct);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_preflight_is_answered_at_the_edge_for_a_configured_origin_only()
    {
        using var api = new ApiClient(gateway.Gateway);
        (string, string)[] preflight(string origin) =>
            [("Origin", origin), ("Access-Control-Request-Method", "PATCH"), ("Access-Control-Request-Headers", "authorization,content-type,if-match")];

        using var allowed = await api.SendAsync(HttpMethod.Options, "/api/v1/users/me", headers: preflight("http://localhost:5173"), ct: Ct);
        using var refused = await api.SendAsync(HttpMethod.Options, "/api/v1/users/me", headers: preflight("http://evil.example"), ct: Ct);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("http://localhost:5173", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PATCH", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_oversized_body_is_413_at_the_edge()
    {
        using var api = new ApiClient(gateway.Gateway, gateway.Customer.AccessToken);
        var body = $$"""{"name":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        // As a client sending a large body should: the edge refuses it on its Content-Length, before the body is sent.
        // (Without it the 413 races the upload: the edge closes the connection while the client still writes, and the
        // client may see a broken pipe instead of the answer.)
        using var response = await api.SendAsync(HttpMethod.Put, "/api/v1/users/me", body, headers: [("Expect", "100-continue")], ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, Ct);
    }

    [Fact]
    public async Task An_overlong_url_is_414_and_oversized_headers_431()
    {
        using var api = new ApiClient(gateway.Gateway);

        using var url = await api.GetAsync("/api/v1/users/me?q=" + new string('a', 5000), ct: Ct);
        using var headers = await api.SendAsync(HttpMethod.Get, "/api/v1/users/me",
            headers: Enumerable.Range(0, 30).Select(i => ($"X-Padding-{i}", new string('p', 1000))), ct: Ct);

        await ProblemAssert.IsProblemAsync(url, HttpStatusCode.RequestUriTooLong, Ct);
        await ProblemAssert.IsProblemAsync(headers, HttpStatusCode.RequestHeaderFieldsTooLarge, Ct);
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, Ct);
    }
}
