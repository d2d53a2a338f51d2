using MimeKit;

namespace Notifications.Worker.OrderEmails;

/// <summary>An order event no email can be made from. Permanent: retrying would never help.</summary>
public sealed class InvalidOrderEventException(string message) : Exception(message)
{
    public static void ThrowIfInvalid(OrderEmailRequest order)
    {
        var problems = new List<string>();
        if (order.OrderId == Guid.Empty)
        {
            problems.Add("no orderId");
        }

        if (string.IsNullOrWhiteSpace(order.CustomerEmail) || !MailboxAddress.TryParse(order.CustomerEmail, out var mailbox)
            || string.IsNullOrEmpty(mailbox.Domain) || mailbox.Address != order.CustomerEmail.Trim())
        {
            problems.Add("customerEmail is not an email address");
        }

        // Only the placed-order email lists the items; the later ones tell of the step and the total.
        if (order.Kind == OrderEmailKind.Placed
            && (order.Items is not { Count: > 0 } items || items.Any(i => i is null || i.Quantity <= 0 || string.IsNullOrWhiteSpace(i.Name))))
        {
            problems.Add("items are missing or invalid");
        }

        if (order.Currency is not { Length: 3 })
        {
            problems.Add("currency is not an ISO 4217 code");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOrderEventException($"Order{order.Kind} {order.EventId} (order {order.OrderId}) is invalid: {string.Join("; ", problems)}.");
        }
    }
}
