using System.Text;
using ServiceDefaults.Idempotency;

namespace Unit.Tests.ServiceDefaults;

public sealed class RequestFingerprintTests
{
    private static byte[] Of(string body, string method = "POST", string path = "/api/v1/orders", string? query = null, bool isJson = true) =>
        RequestFingerprint.Compute(method, path, query, Encoding.UTF8.GetBytes(body), isJson);

    [Fact]
    public void A_retry_with_the_same_json_in_other_white_space_is_the_same_request()
    {
        Assert.Equal(Of("""{"items":[{"sku":"MUG-1","quantity":1}]}"""), Of("""
            { "items": [ { "sku": "MUG-1", "quantity": 1 } ] }
            """));
    }

    [Theory]
    [InlineData("""{"items":[{"sku":"MUG-1","quantity":2}]}""")]
    [InlineData("""{"items":[{"sku":"MUG-2","quantity":1}]}""")]
    [InlineData("""{"items":[{"sku":"MUG-1","quantity":1}],"note":"x"}""")]
    [InlineData("")]
    public void Another_body_is_another_request(string other)
    {
        Assert.NotEqual(Of("""{"items":[{"sku":"MUG-1","quantity":1}]}"""), Of(other));
    }

    [Fact]
    public void The_same_body_to_another_path_method_or_query_is_another_request()
    {
        var body = """{"reason":"late"}""";
        var original = Of(body, path: "/api/v1/orders/1/cancel");

        Assert.NotEqual(original, Of(body, path: "/api/v1/orders/2/cancel"));
        Assert.NotEqual(original, Of(body, method: "PUT", path: "/api/v1/orders/1/cancel"));
        Assert.NotEqual(original, Of(body, path: "/api/v1/orders/1/cancel", query: "?force=true"));
    }

    [Fact]
    public void A_body_that_is_not_json_is_compared_byte_for_byte()
    {
        Assert.Equal(Of("a=1&b=2", isJson: false), Of("a=1&b=2", isJson: false));
        Assert.NotEqual(Of("a=1&b=2", isJson: false), Of("a=1&b=2 ", isJson: false));
    }

    [Fact]
    public void A_body_labelled_json_that_does_not_parse_still_fingerprints_by_its_bytes()
    {
        Assert.Equal(Of("{not json"), Of("{not json"));
        Assert.NotEqual(Of("{not json"), Of("{not json "));
    }
}
