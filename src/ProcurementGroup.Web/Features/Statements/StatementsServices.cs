using ProcurementGroup.Data.Statements;
using ProcurementGroup.Documents.Statements;

namespace ProcurementGroup.Web.Features.Statements;

public static class StatementsServices
{
    /// <summary>
    /// Statements: the texts of the statement PDF (templates/statements, checked at start-up), their storage (database
    /// or the Statements:Folder), the batch job that generates them and the e-mail to the members' buyers.
    /// </summary>
    public static IServiceCollection AddStatementsFeature(this IServiceCollection services)
    {
        services.AddSingleton(sp => StatementTemplates.Load(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
        services.AddSingleton(sp =>
        {
            var options = new StatementsOptions();
            sp.GetRequiredService<IConfiguration>().GetSection(StatementsOptions.SectionName).Bind(options);
            return options;
        });
        services.AddSingleton<IStatementRepository, StatementRepository>();
        services.AddSingleton<StatementFiles>();
        services.AddScoped<StatementComposer>();
        services.AddScoped<StatementEmails>();
        services.AddScoped<StatementBatchJob>();
        services.AddScoped<IStatementBatch, StatementBatch>();
        services.AddScoped<StatementBatchStarter>();
        return services;
    }
}
