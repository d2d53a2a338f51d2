using System.Net;
using Gateway.Protection;

namespace Unit.Tests.Gateway;

public sealed class ClientNetworksTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void An_ipv4_client_counts_alone_and_an_ipv6_client_with_its_whole_64(string address, string partition)
    {
        Assert.Equal(partition, ClientNetworks.PartitionOf(IPAddress.Parse(address)));
    }

    [Fact]
    public void Two_addresses_of_one_ipv6_64_share_a_partition_and_the_next_64_does_not()
    {
        var first = ClientNetworks.PartitionOf(IPAddress.Parse("2001:db8:aa:bb:1::1"));

        Assert.Equal(first, ClientNetworks.PartitionOf(IPAddress.Parse("2001:db8:aa:bb:9:8:7:6")));
        Assert.NotEqual(first, ClientNetworks.PartitionOf(IPAddress.Parse("2001:db8:aa:bc::1")));
    }

    [Fact]
    public void A_connection_without_an_address_counts_as_unknown()
    {
        Assert.Equal("unknown", ClientNetworks.PartitionOf(null));
    }
}
