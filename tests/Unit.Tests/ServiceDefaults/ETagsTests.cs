using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ServiceDefaults.Api;

namespace Unit.Tests.ServiceDefaults;

public sealed class ETagsTests
{
    private const uint Version = 5;
    private static readonly string Current = ETags.For(Version);

    [Fact]
    public void The_tag_of_a_version_is_a_strong_quoted_tag()
    {
        Assert.Equal("\"5\"", ETags.For(5));
        Assert.NotEqual(ETags.For(5), ETags.For(6));
    }

    [Fact]
    public void The_tag_is_sent_in_the_etag_header()
    {
        var http = new DefaultHttpContext();

        ETags.Set(http.Response, Version);

        Assert.Equal("\"5\"", http.Response.Headers.ETag);
    }

    [Theory]
    [InlineData("\"5\"", true)]
    [InlineData("\"6\"", false)]
    [InlineData("W/\"5\"", true)]
    [InlineData("W/\"6\"", false)]
    [InlineData("*", true)]
    [InlineData("\"4\", \"5\", \"6\"", true)]
    [InlineData("\"4\",W/\"5\"", true)]
    [InlineData("\"4\", \"6\"", false)]
    [InlineData("5", false)]
    [InlineData("\"5", false)]
    [InlineData("", false)]
    public void A_read_answers_not_modified_only_when_if_none_match_names_the_current_version(string ifNoneMatch, bool notModified)
    {
        var request = Request(ifNoneMatch: ifNoneMatch);

        Assert.Equal(notModified, ETags.ClientHasCurrent(request, Current));
    }

    [Fact]
    public void A_read_without_if_none_match_gets_the_full_answer()
    {
        Assert.False(ETags.ClientHasCurrent(Request(), Current));
    }

    [Fact]
    public void If_none_match_sent_as_several_header_lines_is_read_as_one_list()
    {
        var request = Request(ifNoneMatch: new StringValues(["\"4\"", "\"5\""]));

        Assert.True(ETags.ClientHasCurrent(request, Current));
    }

    [Theory]
    [InlineData("\"5\"", false)]
    [InlineData("\"6\"", true)]
    [InlineData("W/\"5\"", true)]
    [InlineData("*", false)]
    [InlineData("\"4\", \"5\"", false)]
    [InlineData("\"4\", \"6\"", true)]
    [InlineData("\"4\", W/\"5\"", true)]
    [InlineData("5", true)]
    [InlineData("\"5", true)]
    [InlineData("", true)]
    public void A_write_fails_its_precondition_unless_if_match_names_the_current_version_strongly(string ifMatch, bool fails)
    {
        var request = Request(ifMatch: ifMatch);

        Assert.Equal(fails, !ETags.Expected(request).Allows(Version));
    }

    [Fact]
    public void A_write_without_if_match_is_not_conditional()
    {
        var expected = ETags.Expected(Request());

        Assert.False(expected.IsGiven);
        Assert.True(expected.Allows(Version));
    }

    private static HttpRequest Request(StringValues? ifNoneMatch = null, StringValues? ifMatch = null)
    {
        var http = new DefaultHttpContext();
        if (ifNoneMatch is { } none)
        {
            http.Request.Headers.IfNoneMatch = none;
        }

        if (ifMatch is { } match)
        {
            http.Request.Headers.IfMatch = match;
        }

        return http.Request;
    }
}
