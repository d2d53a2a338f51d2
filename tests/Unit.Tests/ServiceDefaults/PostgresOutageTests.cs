using Npgsql;
using ServiceDefaults.Data;

namespace Unit.Tests.ServiceDefaults;

/// <summary>Which database errors are an outage (a 503 the client may retry) rather than a bug (a 500).</summary>
public sealed class PostgresOutageTests
{
    private static readonly PostgresOutage Outage = new();

    [Fact]
    public void A_full_connection_pool_is_an_outage_the_client_may_retry()
    {
        // What Npgsql throws when no connection frees up within the connection string's Timeout (DefaultMaxPoolSize caps the pool).
        var exhausted = new NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 16) or 'Timeout' (currently 15 seconds) in your connection string.",
            new TimeoutException());

        Assert.True(Outage.IsOutage(exhausted));
    }

    [Theory]
    [InlineData("57P01")] // the server is shutting down
    [InlineData("57P03")] // the server is starting
    [InlineData("53300")] // too many connections on the server
    public void A_server_going_away_or_full_is_an_outage(string sqlState)
    {
        Assert.True(Outage.IsOutage(new PostgresException("unavailable", "FATAL", "FATAL", sqlState)));
    }

    [Theory]
    [InlineData("23505")] // a unique violation: our code's to handle
    [InlineData("42P01")] // a missing table: a bug, not an outage
    public void A_statement_the_server_refuses_is_not_an_outage(string sqlState)
    {
        Assert.False(Outage.IsOutage(new PostgresException("refused", "ERROR", "ERROR", sqlState)));
    }
}
