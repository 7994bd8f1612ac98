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
}
