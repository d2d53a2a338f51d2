using AppHost.Infrastructure.Processes;
using Microsoft.Extensions.Configuration;

namespace Unit.Tests.Infrastructure;

public sealed class Smtp4devRetentionTests
{
    private static Smtp4devRetention With(string? messages) =>
        Smtp4devRetention.From(new ConfigurationBuilder()
            .AddInMemoryCollection(messages is null ? [] : [new(Smtp4devRetention.MessagesKey, messages)])
            .Build());

    [Fact]
    public void Without_the_setting_the_mail_catcher_keeps_a_thousand_emails_and_a_hundred_sessions()
    {
        Assert.Equal(new Smtp4devRetention(1000, 100), With(null));
    }

    [Theory]
    [InlineData("100", 100, 10)]
    [InlineData("20", 20, 10)]
    [InlineData("5000", 5000, 500)]
    public void The_setting_sets_the_emails_kept_and_a_tenth_as_many_sessions_never_under_ten(string setting, int messages, int sessions)
    {
        var retention = With(setting);

        Assert.Equal((messages, sessions), (retention.Messages, retention.Sessions));
        Assert.Equal((setting, sessions.ToString(System.Globalization.CultureInfo.InvariantCulture)), (retention.MessagesText, retention.SessionsText));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("plenty")]
    public void A_setting_that_is_not_a_positive_number_stops_the_start_naming_it(string setting)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => With(setting));

        Assert.Contains(Smtp4devRetention.MessagesKey, refused.Message + refused.InnerException?.Message, StringComparison.Ordinal);
    }
}
