using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using ServiceDefaults.Api;

namespace Unit.Tests.ServiceDefaults;

public sealed class ApiDocumentsTests
{
    private static bool Published(string environment, string? enabled)
    {
        var settings = new Dictionary<string, string?>();
        if (enabled is not null)
        {
            settings[ApiDocuments.EnabledKey] = enabled;
        }

        return ApiDocuments.ArePublished(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new HostingEnvironment { EnvironmentName = environment });
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public void Documents_are_served_in_development_and_elsewhere_only_when_enabled(string environment, string? enabled, bool published)
    {
        Assert.Equal(published, Published(environment, enabled));
    }

}
