namespace Notifications.Worker.AccountEmails;

/// <summary>An account event no email can be made from. Permanent: retrying would never help.</summary>
public sealed class InvalidAccountEventException(string message) : Exception(message);
