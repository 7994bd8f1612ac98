using Hangfire.Dashboard;
using ProcurementGroup.Core.Accounts;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>The Hangfire dashboard shows job arguments and can delete or retry jobs: administrators only.</summary>
public sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Administrator);
    }
}
