using System.Net;
using System.Text;
using Backend.Testing;

namespace Gateway.Tests;

/// <summary>An instance that goes away before answering (a rolling restart): what the gateway sends again, and what not.</summary>
public sealed class UnansweredRequestTests(GatewayFixture gateway)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_with_an_idempotency_key_left_unanswered_is_sent_again_whole_and_answered()
    {
        await using var downstream = await TestDownstream.StartAsync();
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:orders:h2c:0"] = downstream.Address.AbsoluteUri });
        using var http = edge.CreateClient();
        var body = $$"""{"items":[{"sku":"BOOK-42","quantity":1}],"note":"{{new string('x', 40_000)}}"}""";

        using var response = await PostAsync(http, body, idempotencyKey: Guid.NewGuid().ToString());

        var answer = await ApiClient.ReadJsonAsync(response, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), answer.GetProperty("bytes").GetInt64()); // the whole body, from its start
        Assert.Equal(2, downstream.Received.Count);
    }

    [Fact]
    public async Task A_post_without_an_idempotency_key_left_unanswered_is_not_sent_again()
    {
        await using var downstream = await TestDownstream.StartAsync();
        await using var edge = await gateway.NewGatewayAsync(new() { ["services:orders:h2c:0"] = downstream.Address.AbsoluteUri });
        using var http = edge.CreateClient();

        using var response = await PostAsync(http, """{"items":[]}""", idempotencyKey: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, Ct);
        Assert.Single(downstream.Received);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/orders/broken-once", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request, Ct);
    }
}
