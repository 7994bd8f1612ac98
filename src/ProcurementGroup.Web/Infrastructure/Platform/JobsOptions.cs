namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>Section <c>Jobs</c>: the Hangfire server of this node.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>False on a node that must only serve pages (another node runs the jobs).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>E-mail sending and similar small jobs need few workers; SQLite prefers few writers.</summary>
    public int WorkerCount { get; set; } = 2;

    /// <summary>How often an idle worker looks for a new job (SQLite storage polls; SQL Server uses its own).</summary>
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// SQLite storage: how long a job fetched by a worker stays invisible to the others. A node killed mid-job (the
    /// statements batch) leaves its job fetched; another worker, or the restarted node, takes it again once this has
    /// passed. Longer than the longest job (Hangfire's default, 30 minutes); a few seconds in the crash-resume test.
    /// </summary>
    public int InvisibilityTimeoutSeconds { get; set; } = 1800;
}
