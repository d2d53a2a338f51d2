using AppHost.Infrastructure;

namespace Unit.Tests.Infrastructure;

/// <summary>Which local processes start through nice, and how (AppHost/Infrastructure/NiceCommand.cs).</summary>
public sealed class NiceCommandTests
{
    [Theory]
    [InlineData("/work/Notifications.Worker/bin/Debug/net10.0/Notifications.Worker", true)]
    [InlineData("/root/.nuget/packages/rnwood.smtp4dev.linux-x64/3.15.0/tools/net10.0/linux-x64/Rnwood.Smtp4dev", true)]
    [InlineData("dotnet", false)] // Aspire's `dotnet run` wrapper: its own arguments come first
    [InlineData("/usr/share/dotnet/dotnet", false)]
    [InlineData("Notifications.Worker", false)] // a bare name, resolved on PATH by someone else
    public void Only_an_executable_started_from_its_own_path_is_wrapped(string command, bool wrapped)
    {
        Assert.Equal(wrapped, NiceCommand.CanWrap(command));
    }

    [Fact]
    public void The_program_follows_nice_s_options_and_the_end_of_options()
    {
        Assert.Equal(["-n", "10", "--", "/opt/worker"], NiceCommand.ArgumentsBefore("/opt/worker"));
    }
}
