using Microsoft.Extensions.DependencyInjection.Extensions;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Mail;
using ProcurementGroup.Web.Infrastructure.Platform;

namespace ProcurementGroup.Web.Features.NeedsDocuments;

public static class NeedsDocumentsServices
{
    public static IServiceCollection AddNeedsDocumentsFeature(this IServiceCollection services)
    {
        services.AddSingleton<INeedsDocumentsRepository, NeedsDocumentsRepository>();
        services.AddSingleton<INeedsRemindersRepository, NeedsRemindersRepository>();
        services.TryAddSingleton<EmailTemplates>();
        services.AddScoped<NeedsFormContextLoader>();
        services.AddScoped<NeedsSpreadsheetExport>();
        services.AddScoped<NeedsSpreadsheetImport>();
        services.AddScoped<NeedsRecap>();
        services.AddScoped<NeedsRemindersJob>();
        services.AddSingleton<IRecurringJobSetup, NeedsRemindersJobSetup>();
        return services;
    }
}
