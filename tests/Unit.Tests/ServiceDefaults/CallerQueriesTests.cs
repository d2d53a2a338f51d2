using System.Security.Claims;
using ServiceDefaults.Callers;

namespace Unit.Tests.ServiceDefaults;

public sealed class CallerQueriesTests
{
    private sealed record Note(Guid OwnerId, string Text);

    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();

    private static readonly IQueryable<Note> Notes = new[]
    {
        new Note(Ann, "ann's"),
        new Note(Bob, "bob's"),
    }.AsQueryable();

    private static List<string> VisibleTo(Caller caller) => [.. Notes.VisibleTo(caller, note => note.OwnerId).Select(note => note.Text)];

    [Fact]
    public void A_customer_sees_only_their_own_rows()
    {
        Assert.Equal(["ann's"], VisibleTo(new Caller(Ann, IsAdmin: false)));
    }

    [Fact]
    public void An_admin_sees_every_row()
    {
        Assert.Equal(["ann's", "bob's"], VisibleTo(new Caller(Guid.NewGuid(), IsAdmin: true)));
    }

    [Fact]
    public void A_token_without_an_account_sees_nothing()
    {
        Assert.Empty(VisibleTo(new Caller(null, IsAdmin: false)));
    }

    [Fact]
    public void The_caller_is_read_from_the_token_claims()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new(TokenClaims.Subject, Ann.ToString()), new(TokenClaims.Role, Roles.Admin), new(TokenClaims.Email, "ann@example.com")],
            "Bearer", TokenClaims.Name, TokenClaims.Role));

        var caller = Caller.From(user);

        Assert.Equal(new Caller(Ann, IsAdmin: true, "ann@example.com", null), caller);
        Assert.True(caller.MaySee(Bob));
    }

    [Fact]
    public void A_subject_that_is_not_an_account_id_is_no_account()
    {
        var service = new ClaimsPrincipal(new ClaimsIdentity([new(TokenClaims.Subject, "reporting-service")], "Bearer"));

        var caller = Caller.From(service);

        Assert.Null(caller.AccountId);
        Assert.False(caller.MaySee(Ann));
    }
}
