namespace AppHost.Infrastructure.Processes;

/// <summary>How much the mail catcher keeps: the latest emails, enough for any test's or developer's look back.</summary>
public static class Smtp4devRetention
{
    public const int Messages = 1000;
    public const int Sessions = 100;
}
