using ProcurementGroup.Documents.Statements;

namespace ProcurementGroup.Web.Features.Statements;

public static class StatementsServices
{
    /// <summary>Statements: the texts of the statement PDF (templates/statements, checked at start-up).</summary>
    public static IServiceCollection AddStatementsFeature(this IServiceCollection services)
    {
        services.AddSingleton(sp => StatementTemplates.Load(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
        return services;
    }
}
