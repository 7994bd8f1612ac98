using System.Security.Cryptography;
using Hangfire;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Statements;
using ProcurementGroup.Documents.Statements;
using ProcurementGroup.Web.Infrastructure.Mail;

namespace ProcurementGroup.Web.Features.Statements;

/// <summary>Starts the generation of an issued run's statement PDFs in the background (called by the issuing).</summary>
public interface IStatementBatch
{
    /// <summary>Enqueues the run's batch and remembers its job id on the run; returns the job id.</summary>
    Task<string> StartAsync(long runId, CancellationToken cancellationToken = default);
}

public sealed class StatementBatch(IBackgroundJobClient jobs, IStatementRepository statements) : IStatementBatch
{
    public async Task<string> StartAsync(long runId, CancellationToken cancellationToken = default)
    {
        var id = jobs.Enqueue<StatementBatchJob>(job => job.GenerateAsync(runId, CancellationToken.None));
        await statements.SetJobAsync(runId, id, cancellationToken);
        return id;
    }
}

/// <summary>
/// Starts an issued run's batch once the issue is committed, without letting a failure to enqueue it (job storage
/// unreachable…) undo or hide the issue: the run stays issued with its numbered statements, the failure is logged, and
/// the run's pages say that the statements are not generated yet and offer « Relancer la génération », which only
/// generates the statements still missing (never a second statement).
/// </summary>
public sealed class StatementBatchStarter(IStatementBatch batch, ILogger<StatementBatchStarter> logger)
{
    public const string NotStartedMessage = "La génération des états n'a pas pu être lancée : les états ne sont pas encore générés. Relancez la génération depuis la page de la répartition.";

    /// <summary>Enqueues the run's batch; false (logged) when it could not be enqueued.</summary>
    public async Task<bool> TryStartAsync(long runId, CancellationToken cancellationToken = default)
    {
        try
        {
            await batch.StartAsync(runId, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The statements batch of run {RunId} could not be enqueued; the run stays issued and its page offers to start it again.", runId);
            return false;
        }
    }
}

/// <summary>
/// The Hangfire job generating a run's statements: each statement whose PDF is missing is rendered, its file written
/// (folder mode: temporary name, then rename), and its bytes or path, SHA-256 and time stored by one UPDATE guarded on
/// the hash still being missing, in the transaction that queues the e-mail to the member's buyers. Killed mid-way, the
/// job is picked up again once Hangfire's invisibility timeout has passed (<c>Jobs:InvisibilityTimeoutSeconds</c>) and
/// carries on with the statements still missing: none lost, none stored or e-mailed twice, and a statement rendered
/// twice gives the same bytes.
/// </summary>
public sealed class StatementBatchJob(
    IStatementRepository statements,
    StatementComposer composer,
    StatementTemplates templates,
    StatementFiles files,
    StatementEmails emails,
    IDbConnectionFactory factory,
    IMailer mailer,
    StatementsOptions options,
    TimeProvider clock)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task GenerateAsync(long runId, CancellationToken cancellationToken)
    {
        if (files.UsesFolder)
        {
            files.RemovePartials(runId);
        }

        foreach (var id in await statements.PendingIdsAsync(runId, cancellationToken))
        {
            if (options.DelayPerStatementMilliseconds > 0)
            {
                await Task.Delay(options.DelayPerStatementMilliseconds, cancellationToken);
            }

            await GenerateOneAsync(id, cancellationToken);
        }
    }

    /// <summary>Renders and stores one statement; false when it was already stored (by an earlier or concurrent run of the batch).</summary>
    public async Task<bool> GenerateOneAsync(long statementId, CancellationToken cancellationToken)
    {
        if (await composer.BuildAsync(statementId, cancellationToken) is not { } built || built.Row.IsGenerated)
        {
            return false;
        }

        var (model, row) = built;
        var bytes = StatementDocument.Render(model, templates);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var path = files.UsesFolder ? await files.WriteAsync(row.RunId, row.Number, bytes, cancellationToken) : null;

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await statements.StoreGeneratedAsync(
            connection,
            transaction,
            new GeneratedStatement(statementId, path is null ? bytes : null, path, hash, clock.GetUtcNow().UtcDateTime));
        IReadOnlyList<long> queued = [];
        if (stored)
        {
            queued = await emails.QueueGeneratedAsync(connection, transaction, row, model.Coordinator.Name, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        mailer.SendSoon(queued);
        return stored;
    }
}

/// <summary>The e-mail telling a member's buyers that its statement is available (templates/emails/statement-issued.txt).</summary>
public sealed class StatementEmails(EmailTemplates templates, IMailer mailer, IStatementRepository statements, IConfiguration configuration)
{
    public const string Template = "statement-issued";

    public async Task<IReadOnlyList<long>> QueueGeneratedAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, StatementRow row, string coordinatorName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var queued = new List<long>();
        foreach (var buyer in await statements.BuyersOfMemberAsync(connection, transaction, row.MemberId))
        {
            var (subject, body) = templates.Render(Template, new Dictionary<string, string>
            {
                ["DisplayName"] = string.IsNullOrWhiteSpace(buyer.DisplayName) ? buyer.Email : buyer.DisplayName,
                ["Member"] = row.MemberName,
                ["Coordinator"] = coordinatorName,
                ["Kind"] = row.IsCredit ? "Avoir" : "État de répartition",
                ["Number"] = row.Number,
                ["PeriodFrom"] = FrenchFormat.Date(row.PeriodFrom),
                ["PeriodTo"] = FrenchFormat.Date(row.PeriodTo),
                ["Amount"] = FrenchFormat.Money(row.TtcCents),
                ["DueOn"] = FrenchFormat.Date(row.DueOn),
                ["Link"] = (configuration["App:PublicBaseUrl"]?.TrimEnd('/') ?? string.Empty) + "/Statements/Mine",
            });
            queued.Add(await mailer.QueueAsync(connection, transaction, new EmailMessage(buyer.Email, subject, body), cancellationToken));
        }

        return queued;
    }
}
