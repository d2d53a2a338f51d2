using Npgsql;
using ServiceDefaults.Data;

namespace Unit.Tests.ServiceDefaults;

public sealed class ConnectionDefaultsTests
{
    private static NpgsqlConnectionStringBuilder Applied(string connectionString) =>
        new(DatabaseExtensions.WithConnectionDefaults(connectionString));

    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_no_reset_and_a_small_pool()
    {
        var settings = Applied("Host=db;Database=ordersdb;Username=ordersdb_owner;Password=secret");

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(DatabaseExtensions.DefaultMaxPoolSize, settings.MaxPoolSize);
        Assert.Equal("secret", settings.Password);
    }

    [Theory]
    [InlineData("Maximum Pool Size=50")]
    [InlineData("MaxPoolSize=50")]
    [InlineData("maximum pool size=50")]
    public void A_pool_size_the_connection_string_gives_is_kept_however_it_is_spelled(string given)
    {
        Assert.Equal(50, Applied($"Host=db;Database=ordersdb;{given}").MaxPoolSize);
    }

    [Fact]
    public void Preparing_and_the_reset_stay_as_the_connection_string_gives_them()
    {
        var settings = Applied("Host=db;Max Auto Prepare=0;No Reset On Close=false");

        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.False(settings.NoResetOnClose);
    }
}
