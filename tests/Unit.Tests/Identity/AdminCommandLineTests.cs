using Identity.Service.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Unit.Tests.Identity;

/// <summary>The first-admin command's command line: what starts it, and what is refused before the database is touched.</summary>
public sealed class AdminCommandLineTests
{
    [Theory]
    [InlineData(new[] { "create-admin", "--email", "owner@shop.example" }, true)]
    [InlineData(new[] { "create-admin" }, true)] // then refused with its usage
    [InlineData(new string[0], false)]           // the server
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [InlineData(new[] { "--email", "x@y", "create-admin" }, false)] // the command comes first
    public void The_command_is_the_first_argument(string[] args, bool requested) =>
        Assert.Equal(requested, AdminCommand.IsRequested(args));

    [Theory]
    [InlineData("create-admin")]
    [InlineData("create-admin", "owner@shop.example")]
    [InlineData("create-admin", "--email")]
    [InlineData("create-admin", "--email", "not-an-address")]
    [InlineData("create-admin", "--email", "owner@shop.example", "--password", "in-the-process-list")]
    public async Task A_wrong_command_line_is_refused_with_its_usage_and_touches_nothing(params string[] args)
    {
        // No services at all: resolving any (the database) would throw instead of answering with the usage.
        await using var nothing = new ServiceCollection().BuildServiceProvider();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await AdminCommand.RunAsync(nothing, args, new StringReader("a long passphrase\n"), output, error);

        Assert.Equal(AdminCommand.UsageError, exitCode);
        Assert.StartsWith("Usage: Identity.Service create-admin --email ADDRESS", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }
}
