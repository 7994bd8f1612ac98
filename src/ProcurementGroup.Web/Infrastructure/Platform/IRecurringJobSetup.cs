using Hangfire;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>
/// A feature's recurring jobs (e.g. opening and closing campaigns, reminders). Every registered setup runs once at
/// start-up, after the database check, so the jobs' storage exists. Recurring jobs take no entity, and must be safe to
/// run twice (several nodes, retries).
/// </summary>
public interface IRecurringJobSetup
{
    void Register(IRecurringJobManager manager);
}
