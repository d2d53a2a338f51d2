namespace Identity.Service.Links;

/// <summary>How long emailed links stay usable (Identity:Links).</summary>
public sealed class AccountLinkOptions
{
    public const string SectionName = "Identity:Links";

    public TimeSpan VerifyEmailLifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan ResetPasswordLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan LifetimeOf(AccountLinkPurpose purpose) => purpose switch
    {
        AccountLinkPurpose.VerifyEmail or AccountLinkPurpose.ChangeEmail => VerifyEmailLifetime,
        AccountLinkPurpose.ResetPassword => ResetPasswordLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };
}
