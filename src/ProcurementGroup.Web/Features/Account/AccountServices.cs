namespace ProcurementGroup.Web.Features.Account;

public static class AccountServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
