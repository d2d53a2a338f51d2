using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Worker.Email;
using Notifications.Worker.Orders;
using ServiceDefaults.Telemetry;

namespace Notifications.Worker.OrderConfirmations;

/// <summary>Composes the order-confirmation email: subject, plain-text and HTML parts, and its identifying headers.</summary>
public sealed class OrderConfirmationEmail(IOptions<EmailSenderOptions> options)
{
    public const string EmailType = "order_confirmation";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The same for every delivery of the same order: a duplicate that ever slips through is recognisable (and
    /// dropped by mail systems that de-duplicate on Message-ID).
    /// </summary>
    public static string MessageIdFor(Guid orderId, string senderDomain) => $"order-confirmation.{orderId:N}@{senderDomain}";

    public MimeMessage Compose(OrderPlaced order, string? traceId)
    {
        var sender = options.Value.Sender;
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(order.OrderId, sender.Domain),
            Subject = $"Your order #{order.OrderNumber} is confirmed",
            Date = order.PlacedAt,
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

    private static string PlainText(OrderPlaced order)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"Hello {order.CustomerName},\n\n");
        text.Append("Thank you for your order. Here is what you ordered:\n\n");
        text.Append(Invariant, $"Order number: {order.OrderNumber}\n");
        text.Append(Invariant, $"Placed on:    {PlacedOn(order)}\n\n");
        foreach (var item in order.Items)
        {
            text.Append(Invariant, $"  {item.Quantity} x {item.Name} ({item.Sku}) at {Money(item.UnitPrice, order.Currency)} = {Money(item.Quantity * item.UnitPrice, order.Currency)}\n");
        }

        text.Append(Invariant, $"\nTotal: {Money(order.Total, order.Currency)}\n\n");
        text.Append("We will let you know when your order ships.\n");
        return text.ToString();
    }

    private static string Html(OrderPlaced order)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif; color: #222\">\n");
        html.Append(Invariant, $"<p>Hello {E(order.CustomerName)},</p>\n");
        html.Append("<p>Thank you for your order. Here is what you ordered:</p>\n");
        html.Append(Invariant, $"<p>Order number: <strong>{order.OrderNumber}</strong><br>\nPlaced on: {E(PlacedOn(order))}</p>\n");
        html.Append("<table cellpadding=\"6\" style=\"border-collapse: collapse\">\n");
        html.Append("<thead><tr><th align=\"left\">Item</th><th align=\"right\">Quantity</th><th align=\"right\">Unit price</th><th align=\"right\">Amount</th></tr></thead>\n<tbody>\n");
        foreach (var item in order.Items)
        {
            html.Append(Invariant, $"<tr><td>{E(item.Name)} <small>({E(item.Sku)})</small></td><td align=\"right\">{item.Quantity}</td>");
            html.Append(Invariant, $"<td align=\"right\">{E(Money(item.UnitPrice, order.Currency))}</td><td align=\"right\">{E(Money(item.Quantity * item.UnitPrice, order.Currency))}</td></tr>\n");
        }

        html.Append(Invariant, $"</tbody>\n<tfoot><tr><th align=\"left\" colspan=\"3\">Total</th><th align=\"right\">{E(Money(order.Total, order.Currency))}</th></tr></tfoot>\n</table>\n");
        html.Append("<p>We will let you know when your order ships.</p>\n</body></html>\n");
        return html.ToString();
    }

    // Invariant formats: the email must read the same whatever the server's locale.
    private static string Money(decimal amount, string currency) => $"{amount.ToString("#,##0.00", Invariant)} {currency}";

    private static string PlacedOn(OrderPlaced order) => order.PlacedAt.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", Invariant);
}
