using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Worker.Email;
using ServiceDefaults.Telemetry;

namespace Notifications.Worker.OrderEmails;

/// <summary>
/// Composes the email of each step of an order's life: subject, plain-text and HTML parts, and its identifying
/// headers. The wording says only what is true at that step (a placed order is received, not yet confirmed).
/// </summary>
public sealed class OrderEmail(IOptions<EmailSenderOptions> options)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The same for every delivery of the same order and kind, and different between kinds: a duplicate that ever
    /// slips through is recognisable (and dropped by mail systems that de-duplicate on Message-ID).
    /// </summary>
    public static string MessageIdFor(Guid orderId, OrderEmailKind kind, string senderDomain) => $"{kind.Key()}.{orderId:N}@{senderDomain}";

    public static string SubjectFor(OrderEmailKind kind, long orderNumber) => kind switch
    {
        OrderEmailKind.Placed => $"We received your order #{orderNumber}",
        OrderEmailKind.Confirmed => $"Your order #{orderNumber} is confirmed",
        OrderEmailKind.Shipped => $"Your order #{orderNumber} has shipped",
        OrderEmailKind.Cancelled => $"Your order #{orderNumber} was cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public MimeMessage Compose(OrderEmailRequest order, string? traceId)
    {
        var sender = options.Value.Sender;
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(order.OrderId, order.Kind, sender.Domain),
            Subject = SubjectFor(order.Kind, order.OrderNumber),
            Date = order.OccurredAt,
        };
        message.From.Add(sender);
        message.To.Add(new MailboxAddress(order.CustomerName, order.CustomerEmail));
        // RFC 3834: machine-generated, so auto-responders (out of office) do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (traceId is not null)
        {
            message.Headers.Add(TraceHeaders.TraceId, traceId); // support goes from an email to the trace of the order's request
        }

        message.Body = new BodyBuilder { TextBody = PlainText(order), HtmlBody = Html(order) }.ToMessageBody();
        return message;
    }

    /// <summary>The sentence that tells of the step, and what comes next (only what the system will really do).</summary>
    private static (string Step, string Next) Wording(OrderEmailRequest order) => order.Kind switch
    {
        OrderEmailKind.Placed => ("Thank you for your order. We have received it; here is what you ordered:",
            "We will email you again as soon as we confirm it."),
        OrderEmailKind.Confirmed => ($"Your order #{order.OrderNumber} is confirmed.", "We will email you again when it ships."),
        OrderEmailKind.Shipped => ($"Your order #{order.OrderNumber} has shipped.", "Thank you for shopping with us."),
        OrderEmailKind.Cancelled => ($"Your order #{order.OrderNumber} was cancelled.", "If you did not ask for this, please contact us."),
        _ => throw new ArgumentOutOfRangeException(nameof(order), order.Kind, null),
    };

    private static string PlainText(OrderEmailRequest order)
    {
        var (step, next) = Wording(order);
        var text = new StringBuilder();
        text.Append(Invariant, $"Hello {order.CustomerName},\n\n");
        text.Append(Invariant, $"{step}\n\n");
        text.Append(Invariant, $"Order number: {order.OrderNumber}\n");
        text.Append(Invariant, $"{DateLabel(order.Kind),-13} {When(order)}\n\n");
        foreach (var item in order.Items)
        {
            text.Append(Invariant, $"  {item.Quantity} x {item.Name} ({item.Sku}) at {Money(item.UnitPrice, order.Currency)} = {Money(item.Quantity * item.UnitPrice, order.Currency)}\n");
        }

        text.Append(Invariant, $"{(order.Items.Count > 0 ? "\n" : "")}Total: {Money(order.Total, order.Currency)}\n\n");
        text.Append(Invariant, $"{next}\n");
        return text.ToString();
    }

    private static string Html(OrderEmailRequest order)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);

        var (step, next) = Wording(order);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif; color: #222\">\n");
        html.Append(Invariant, $"<p>Hello {E(order.CustomerName)},</p>\n");
        html.Append(Invariant, $"<p>{E(step)}</p>\n");
        html.Append(Invariant, $"<p>Order number: <strong>{order.OrderNumber}</strong><br>\n{DateLabel(order.Kind)} {E(When(order))}</p>\n");
        if (order.Items.Count > 0)
        {
            html.Append("<table cellpadding=\"6\" style=\"border-collapse: collapse\">\n");
            html.Append("<thead><tr><th align=\"left\">Item</th><th align=\"right\">Quantity</th><th align=\"right\">Unit price</th><th align=\"right\">Amount</th></tr></thead>\n<tbody>\n");
            foreach (var item in order.Items)
            {
                html.Append(Invariant, $"<tr><td>{E(item.Name)} <small>({E(item.Sku)})</small></td><td align=\"right\">{item.Quantity}</td>");
                html.Append(Invariant, $"<td align=\"right\">{E(Money(item.UnitPrice, order.Currency))}</td><td align=\"right\">{E(Money(item.Quantity * item.UnitPrice, order.Currency))}</td></tr>\n");
            }

            html.Append(Invariant, $"</tbody>\n<tfoot><tr><th align=\"left\" colspan=\"3\">Total</th><th align=\"right\">{E(Money(order.Total, order.Currency))}</th></tr></tfoot>\n</table>\n");
        }
        else
        {
            html.Append(Invariant, $"<p>Total: <strong>{E(Money(order.Total, order.Currency))}</strong></p>\n");
        }

        html.Append(Invariant, $"<p>{E(next)}</p>\n</body></html>\n");
        return html.ToString();
    }

    private static string DateLabel(OrderEmailKind kind) => kind switch
    {
        OrderEmailKind.Placed => "Placed on:",
        OrderEmailKind.Confirmed => "Confirmed on:",
        OrderEmailKind.Shipped => "Shipped on:",
        _ => "Cancelled on:",
    };

    // Invariant formats: the email must read the same whatever the server's locale.
    private static string Money(decimal amount, string currency) => $"{amount.ToString("#,##0.00", Invariant)} {currency}";

    private static string When(OrderEmailRequest order) => order.OccurredAt.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", Invariant);
}
