namespace ProcurementGroup.Web.Infrastructure.Mail;

/// <summary>Section <c>Outbox</c>: the recurring sender of pending e-mails.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Cron expression of the sender (default: every minute).</summary>
    public string SendCron { get; set; } = "* * * * *";

    /// <summary>A claim older than this is a sender that crashed mid-send: the row is taken again.</summary>
    public int ClaimTimeoutMinutes { get; set; } = 10;

    /// <summary>Attempts after which a failed row is left for an administrator to resend.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Rows one run tries at most (the next run takes the rest).</summary>
    public int BatchSize { get; set; } = 100;

    public TimeSpan ClaimTimeout => TimeSpan.FromMinutes(Math.Max(1, ClaimTimeoutMinutes));
}

/// <summary>Section <c>Retention</c>: how long personal data that has served its purpose is kept.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Outbox bodies older than this many days are removed (recipient, subject and dates stay).</summary>
    public int OutboxDays { get; set; } = 90;

    /// <summary>Cron expression of the purge (default: every day at 03:15 UTC).</summary>
    public string Cron { get; set; } = "15 3 * * *";
}
