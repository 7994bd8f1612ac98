namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>Section <c>Smtp</c>. With no <see cref="Host"/>, e-mails stay in the outbox for administrators to read.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>STARTTLS after connecting (port 587). False: plain connection, or implicit TLS when the port is 465.</summary>
    public bool UseStartTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "ProcurementGroup <no-reply@example.org>";

    /// <summary>Seconds MailKit waits for the server.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
