namespace ProcurementGroup.Web.Features.Users;

public static class UsersServices
{
    /// <summary>The administration of the users: invitations, roles, the members they act for, disabling.</summary>
    public static IServiceCollection AddUsersFeature(this IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        return services;
    }
}
