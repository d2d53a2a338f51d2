using ServiceDefaults.Api;
using ServiceDefaults.Callers;

namespace Orders.Service.Orders;

/// <summary>
/// Who may place an order: a user account (a service's client-credentials token has none) whose access token says it
/// verified its email address (<c>email_verified</c>, issued by Identity.Service). Every email about an order goes to
/// that address: an account nobody proved to own could have the shop mail a stranger and hold stock under their name.
/// The token is the proof, so a person who just verified signs in again (or refreshes) to order.
/// </summary>
public static class OrderEligibility
{
    /// <summary>The refusal for <paramref name="caller"/> placing an order, or null when it may.</summary>
    public static Failure? Check(Caller caller)
    {
        if (caller.AccountId is null)
        {
            return Failure.Forbidden("Orders are placed by users.", "This access token does not belong to a user account.");
        }

        return caller.EmailVerified
            ? null
            : Failure.Forbidden("Verify your email address before placing orders.",
                "Follow the link in the email we sent when you registered, or ask for a new one on your account page. "
                + "Then sign in again, or refresh your access token, so that it says your address is verified.");
    }
}
