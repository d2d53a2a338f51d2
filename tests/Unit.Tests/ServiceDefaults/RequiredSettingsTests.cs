using Microsoft.Extensions.Hosting;
using ServiceDefaults.Configuration;

namespace Unit.Tests.ServiceDefaults;

public sealed class RequiredSettingsTests
{
    private static HostApplicationBuilder Builder(string? value)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (value is not null)
        {
            builder.Configuration["ConnectionStrings:cache"] = value;
        }

        return builder;
    }

    [Fact]
    public void A_setting_that_is_there_is_returned()
    {
        Assert.Equal("redis:6379", Builder("redis:6379").Require("ConnectionStrings:cache", "the cache"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_or_blank_setting_stops_the_start_naming_the_key_and_its_environment_variable(string? value)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Builder(value).Require("ConnectionStrings:cache", "the Redis cache"));

        Assert.Contains("ConnectionStrings:cache", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__cache", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the Redis cache", failure.Message, StringComparison.Ordinal);
    }
}
