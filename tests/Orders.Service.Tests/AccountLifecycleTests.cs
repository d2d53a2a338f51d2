using System.Net;
using Backend.Testing;
using Npgsql;

namespace Orders.Service.Tests;

/// <summary>
/// An account's address and its deletion, as they reach the three databases: Identity.Service's account, Users.Service's
/// profile and Orders.Service's customer read model and orders. Every step goes through the real pages, the real email
/// and the real events.
/// </summary>
public sealed class AccountLifecycleTests(OrdersFixture orders)
{
    private const string VerifySubject = TestAccounts.VerificationSubject;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task A_changed_address_is_proved_by_a_link_to_it_and_the_profile_and_the_orders_read_model_follow()
    {
        var person = await TestAccounts.RegisterAsync(orders.Identity, "Address Changer", ct: Ct);
        using var profile = new ApiClient(orders.Users, person.AccessToken);
        (await profile.GetAsync("/api/v1/users/me", ct: Ct)).Dispose(); // the profile is made, and Orders hears of it
        await WaitForCustomerAsync(person.Id, email => email == person.Email);
        using var browser = new OidcClient(orders.Identity);
        (await browser.SignInAsync(person.Email, TestAccounts.Password, ct: Ct)).Dispose();
        var newEmail = TestAccounts.NewEmail("moved");

        using var asked = await browser.SubmitFormAsync("/account/change-email", [new("NewEmail", newEmail), new("Password", TestAccounts.Password)], Ct);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Check the inbox of your new address", await asked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var mailbox = orders.Mailbox;
        var link = await mailbox.WaitForLinkAsync(newEmail, VerifySubject, "/account/confirm-email-change", ct: Ct);
        using var inbox = new OidcClient(orders.Identity);
        using var confirmed = await inbox.SubmitFormAsync(link, [], Ct);
        using var again = await inbox.SubmitFormAsync(link, [], Ct);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Your email address is changed", await confirmed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var signedIn = await TestAccounts.SignInAsync(orders.Identity, newEmail, TestAccounts.Password, ct: Ct);
        Assert.Equal(newEmail, signedIn.Email);
        using var oldAddress = new OidcClient(orders.Identity);
        using var refused = await oldAddress.SignInAsync(person.Email, TestAccounts.Password, ct: Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var followed = new ApiClient(orders.Users, signedIn.AccessToken);
        await Eventually.ValueAsync(async () =>
            {
                using var me = await followed.GetAsync("/api/v1/users/me", ct: Ct);
                return (await ApiClient.ReadJsonAsync(me, Ct)).GetProperty("email").GetString();
            }, email => email == newEmail, TimeSpan.FromSeconds(30), "the profile takes the new address", TimeSpan.FromMilliseconds(200), Ct);
        await WaitForCustomerAsync(person.Id, email => email == newEmail);
        // The previous address is told, so that an account taken over does not change hands silently.
        await mailbox.WaitForEmailsAsync(person.Email, 1, TimeSpan.FromSeconds(30), "Your account's email address was changed", Ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Asking_to_move_to_a_taken_address_answers_the_same_and_sends_nothing_there()
    {
        var person = await TestAccounts.RegisterAsync(orders.Identity, "Would Be Squatter", ct: Ct);
        using var browser = new OidcClient(orders.Identity);
        (await browser.SignInAsync(person.Email, TestAccounts.Password, ct: Ct)).Dispose();
        var free = TestAccounts.NewEmail("free");

        using var taken = await browser.SubmitFormAsync("/account/change-email", [new("NewEmail", orders.Bob.Email), new("Password", TestAccounts.Password)], Ct);
        using var freeAnswer = await browser.SubmitFormAsync("/account/change-email", [new("NewEmail", free), new("Password", TestAccounts.Password)], Ct);
        var mailbox = orders.Mailbox;
        await mailbox.WaitForLinkAsync(free, VerifySubject, "/account/confirm-email-change", ct: Ct);

        Assert.Equal(freeAnswer.StatusCode, taken.StatusCode);
        Assert.Contains("Check the inbox of your new address", await taken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // The free address's link went out after the taken one's would have (one outbox, in order): none came.
        Assert.DoesNotContain(await mailbox.EmailsToAsync(orders.Bob.Email, VerifySubject, Ct), e => (e.TextBody ?? "").Contains("confirm-email-change", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task Deleting_the_account_on_its_page_deletes_the_account_and_profile_and_scrubs_the_orders_read_model()
    {
        var person = await TestAccounts.RegisterAsync(orders.Identity, "Leaving Person", ct: Ct);
        using var profile = new ApiClient(orders.Users, person.AccessToken);
        (await profile.GetAsync("/api/v1/users/me", ct: Ct)).Dispose();
        await WaitForCustomerAsync(person.Id, email => email == person.Email);
        using var browser = new OidcClient(orders.Identity);
        (await browser.SignInAsync(person.Email, TestAccounts.Password, ct: Ct)).Dispose();

        using var wrongPassword = await browser.SubmitFormAsync("/account/delete", [new("Password", "not the password")], Ct);
        using var deleted = await browser.SubmitFormAsync("/account/delete", [new("Password", TestAccounts.Password)], Ct);

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains("Your account is deleted", await deleted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await AssertErasedEverywhereAsync(person);
        // The access token lives on for minutes: it makes no new profile.
        using var me = await profile.GetAsync("/api/v1/users/me", ct: Ct);
        await ProblemAssert.IsProblemAsync(me, HttpStatusCode.NotFound, Ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Deleting_through_the_api_deletes_the_account_and_keeps_the_orders_for_the_books_without_the_person()
    {
        var person = await orders.RegisterCustomerAsync("Leaving Customer");
        using var api = orders.As(person);
        var body = await orders.OrderOfAsync(("LEAVING-1", "Parting gift", 2, 4m));
        var order = await OrdersFixture.PlaceAsync(api, body);
        var orderId = order.GetProperty("id").GetString()!;
        using var profile = new ApiClient(orders.Users, person.AccessToken);

        using var deleted = await profile.DeleteAsync("/api/v1/users/me", ct: Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertErasedEverywhereAsync(person);
        Assert.Equal(1, await CountAsync("ordersdb", "SELECT count(*) FROM orders WHERE user_id = $1 AND total = 8", person.Id, ""));
        // The access token outlives the account by minutes: it orders nothing.
        using var again = await api.PlaceOrderAsync(body, null, Ct);
        var refused = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Forbidden, Ct);
        Assert.Equal("This account was deleted.", refused.GetProperty("title").GetString());
        // The order still moves; its email has no one to go to, and that is not an error.
        using var admin = orders.As(orders.Admin);
        using var confirmed = await admin.PostAsync($"/api/v1/orders/{orderId}/confirm", new { }, ct: Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await Eventually.TrueAsync(() => WorkerLog.Unaddressed(orders.App, Guid.Parse(orderId), "Confirmed") >= 1, TimeSpan.FromSeconds(30),
            "the worker handles the confirmation without an email", TimeSpan.FromMilliseconds(200), Ct);
    }

    /// <summary>
    /// The account row, the profile (its id kept as erased, nothing else), the customer's name and address, and every
    /// refresh token: all gone. Orders, if any, stay for the books.
    /// </summary>
    private async Task AssertErasedEverywhereAsync(SignedInUser person)
    {
        await Eventually.TrueAsync(async () =>
            await CountAsync("identitydb", """SELECT count(*) FROM "AspNetUsers" WHERE id = $1 OR normalized_email = upper($2)""", person.Id, person.Email) == 0
            && await CountAsync("usersdb", "SELECT count(*) FROM users WHERE id = $1 OR email = $2", person.Id, person.Email) == 0
            && await CountAsync("usersdb", "SELECT count(*) FROM erased_accounts WHERE id = $1", person.Id, "") == 1
            && await CountAsync("ordersdb", "SELECT count(*) FROM customers WHERE user_id = $1 AND deleted AND email IS NULL AND name IS NULL", person.Id, "") == 1,
            TimeSpan.FromSeconds(30), "the account, the profile and the customer's personal data are gone", TimeSpan.FromMilliseconds(200), Ct);
        Assert.Equal(0, await CountAsync("identitydb", "SELECT count(*) FROM account_links WHERE account_id = $1 OR email = $2", person.Id, person.Email));
        using var app = new OidcClient(orders.Identity);
        await Assert.ThrowsAsync<OAuthErrorException>(() => app.RefreshAsync("web", person.RefreshToken!, Ct));
    }

    private async Task WaitForCustomerAsync(Guid userId, Func<string?, bool> email) =>
        await Eventually.TrueAsync(async () =>
        {
            await using var data = NpgsqlDataSource.Create(await orders.ConnectionStringAsync("ordersdb"));
            await using var query = data.CreateCommand("SELECT email FROM customers WHERE user_id = $1");
            query.Parameters.Add(new NpgsqlParameter { Value = userId });
            return email(await query.ExecuteScalarAsync(Ct) as string);
        }, TimeSpan.FromSeconds(30), $"Orders' read model has the customer's address", TimeSpan.FromMilliseconds(200), Ct);

    private async Task<long> CountAsync(string database, string sql, Guid id, string email)
    {
        await using var data = NpgsqlDataSource.Create(await orders.ConnectionStringAsync(database));
        await using var query = data.CreateCommand(sql);
        query.Parameters.Add(new NpgsqlParameter { Value = id });
        if (sql.Contains("$2", StringComparison.Ordinal))
        {
            query.Parameters.Add(new NpgsqlParameter { Value = email });
        }

        return (long)(await query.ExecuteScalarAsync(Ct))!;
    }
}
