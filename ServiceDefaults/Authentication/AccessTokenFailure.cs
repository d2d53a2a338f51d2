namespace ServiceDefaults.Authentication;

/// <summary>Why the bearer token of this request was refused, in words a client developer understands.</summary>
public static class AccessTokenFailure
{
    internal const string Item = "token-failure";

    public static string? Of(Microsoft.AspNetCore.Http.HttpContext context) => context.Items[Item] as string;
}
