using ServiceDefaults.Callers;

namespace Users.Service.Users;

/// <summary>
/// The profile a request names: the <c>{id}</c> of the path, or the caller's own account for <c>/me</c>. One
/// handler serves both routes; null when the id names no account (a service's token has no profile).
/// </summary>
public readonly record struct ProfileId(Guid? Value)
{
    public static ValueTask<ProfileId> BindAsync(HttpContext http) => ValueTask.FromResult(new ProfileId(
        http.Request.RouteValues.TryGetValue("id", out var raw)
            ? Guid.TryParse(raw as string, out var id) ? id : null
            : Caller.From(http.User).AccountId));
}
