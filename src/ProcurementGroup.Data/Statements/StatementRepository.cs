using System.Data.Common;
using Dapper;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Statements;

/// <summary>A statement as the lists show it, with its member's name and its run's period.</summary>
public sealed class StatementRow
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long MemberId { get; set; }

    public string MemberName { get; set; } = string.Empty;

    public string Number { get; set; } = string.Empty;

    public bool IsCredit { get; set; }

    public long HtCents { get; set; }

    public long VatCents { get; set; }

    public long TtcCents { get; set; }

    public DateOnly IssuedOn { get; set; }

    public DateOnly? DueOn { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public string? PdfSha256 { get; set; }

    public string? StoragePath { get; set; }

    public DateTime? GeneratedAtUtc { get; set; }

    public string? TitreNumber { get; set; }

    public DateOnly? PaidOn { get; set; }

    public int Version { get; set; }

    public bool IsGenerated => PdfSha256 is not null;
}

/// <summary>A statement's stored file: its bytes (database storage) or its path under the configured folder, and its SHA-256.</summary>
public sealed class StatementFile
{
    public long Id { get; set; }

    public long MemberId { get; set; }

    public string Number { get; set; } = string.Empty;

    public bool IsCredit { get; set; }

    public byte[]? PdfBytes { get; set; }

    public string? StoragePath { get; set; }

    public string? PdfSha256 { get; set; }
}

/// <summary>The member a statement is addressed to, as printed.</summary>
public sealed class StatementMember
{
    public string Name { get; set; } = string.Empty;

    public string? Siren { get; set; }

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }
}

/// <summary>A run's fee settings and the statement it rectifies, as the statement prints them.</summary>
public sealed class StatementRunInfo
{
    public long Id { get; set; }

    public int State { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public int? FeeKind { get; set; }

    public long? FeeValue { get; set; }

    public long? RectifiesRunId { get; set; }
}

/// <summary>One share of the member in the run (a cost line, or the fee when <see cref="RunCostLineId"/> is null).</summary>
public sealed class StatementShare
{
    public long? RunCostLineId { get; set; }

    public long? ContractId { get; set; }

    public string? ContractReference { get; set; }

    public string? ContractTitle { get; set; }

    public string? Label { get; set; }

    public string? KeyText { get; set; }

    public string BaseText { get; set; } = string.Empty;

    public string TotalBaseText { get; set; } = string.Empty;

    public string ShareText { get; set; } = string.Empty;

    public long HtCents { get; set; }

    public long VatCents { get; set; }
}

/// <summary>A statement as issuing writes it (numbered, amounts frozen), before its PDF is generated.</summary>
public sealed record NewStatement(long RunId, long MemberId, string Number, int Year, int Sequence, bool IsCredit, long HtCents, long VatCents, long TtcCents, DateOnly IssuedOn, DateOnly? DueOn);

/// <summary>The generated PDF of a statement: its bytes in the database, or the path of its file under the configured folder.</summary>
public sealed record GeneratedStatement(long Id, byte[]? PdfBytes, string? StoragePath, string PdfSha256, DateTime GeneratedAtUtc);

/// <summary>A buyer of the statement's member, to be told by e-mail.</summary>
public sealed record StatementBuyer(string Email, string DisplayName);

public interface IStatementRepository
{
    /// <summary>Inserts a numbered statement (what issuing writes) and returns its id.</summary>
    Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, NewStatement statement);

    Task<StatementRow?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StatementRow>> ListForRunAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The statements of these members (null: every member), newest first.</summary>
    Task<IReadOnlyList<StatementRow>> ListForMembersAsync(IReadOnlyCollection<long>? memberIds, CancellationToken cancellationToken = default);

    /// <summary>Issued statements (not credits) without a payment date, oldest due first.</summary>
    Task<IReadOnlyList<StatementRow>> ListUnpaidAsync(CancellationToken cancellationToken = default);

    /// <summary>How many of the run's statements have their PDF, and how many there are.</summary>
    Task<(int Generated, int Total)> CountsAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The ids of the run's statements whose PDF is still missing, in number order.</summary>
    Task<IReadOnlyList<long>> PendingIdsAsync(long runId, CancellationToken cancellationToken = default);

    Task<StatementFile?> GetFileAsync(long id, CancellationToken cancellationToken = default);

    Task<StatementMember?> GetMemberAsync(long memberId, CancellationToken cancellationToken = default);

    Task<StatementRunInfo?> GetRunAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The member's shares in the run with their cost lines and contracts: lines by contract reference, the fee last.</summary>
    Task<IReadOnlyList<StatementShare>> SharesAsync(long runId, long memberId, CancellationToken cancellationToken = default);

    /// <summary>The number of the member's latest statement before <paramref name="runId"/> in the chain it rectifies (the original's, or an earlier rectification's), if any.</summary>
    Task<string?> RectifiedNumberAsync(long runId, long memberId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the PDF once: the UPDATE only touches a statement whose hash is still missing, so a batch run twice (after
    /// a crash, or by two workers) writes it once; true when this call stored it.
    /// </summary>
    Task<bool> StoreGeneratedAsync(DbConnection connection, DbTransaction transaction, GeneratedStatement generated);

    Task<IReadOnlyList<StatementBuyer>> BuyersOfMemberAsync(DbConnection connection, DbTransaction? transaction, long memberId);

    /// <summary>Records the titre de recettes number and the payment date when the version is still the stored one; false otherwise.</summary>
    Task<bool> RecordPaymentAsync(long id, int expectedVersion, string? titreNumber, DateOnly? paidOn, DateTime nowUtc, CancellationToken cancellationToken = default);

    /// <summary>Remembers the Hangfire job generating the run's statements.</summary>
    Task SetJobAsync(long runId, string jobId, CancellationToken cancellationToken = default);
}

public sealed class StatementRepository(IDbConnectionFactory factory) : IStatementRepository
{
    private const string RowSelect = """
        SELECT s.Id, s.RunId, s.MemberId, m.Name AS MemberName, s.Number, s.IsCredit, s.HtCents, s.VatCents, s.TtcCents,
               s.IssuedOn, s.DueOn, r.PeriodFrom, r.PeriodTo, s.PdfSha256, s.StoragePath, s.GeneratedAtUtc, s.TitreNumber,
               s.PaidOn, s.Version
        FROM Statements s
        JOIN Members m ON m.Id = s.MemberId
        JOIN AllocationRuns r ON r.Id = s.RunId
        """;

    private const string InsertColumns = "RunId, MemberId, Number, Year, Sequence, IsCredit, HtCents, VatCents, TtcCents, IssuedOn, DueOn, Version, CreatedAtUtc, UpdatedAtUtc";
    private const string InsertValues = "@RunId, @MemberId, @Number, @Year, @Sequence, @IsCredit, @HtCents, @VatCents, @TtcCents, @IssuedOn, @DueOn, 1, @NowUtc, @NowUtc";

    private const string GetSql = RowSelect + " WHERE s.Id = @id";
    private const string ListForRunSql = RowSelect + " WHERE s.RunId = @runId ORDER BY s.Year, s.Sequence";
    private const string ListAllSql = RowSelect + " ORDER BY s.IssuedOn DESC, s.Year DESC, s.Sequence DESC";
    private static readonly string ListForMembersSql = RowSelect + " WHERE s.MemberId IN @memberIds ORDER BY s.IssuedOn DESC, s.Year DESC, s.Sequence DESC";
    private const string ListUnpaidSql = RowSelect + " WHERE s.PaidOn IS NULL AND s.IsCredit = 0 ORDER BY s.DueOn, s.Year, s.Sequence";

    private const string CountsSql = """
        SELECT COUNT(PdfSha256) AS Generated, COUNT(*) AS Total FROM Statements WHERE RunId = @runId
        """;

    private const string PendingSql = "SELECT Id FROM Statements WHERE RunId = @runId AND PdfSha256 IS NULL ORDER BY Year, Sequence";

    private const string FileSql = "SELECT Id, MemberId, Number, IsCredit, PdfBytes, StoragePath, PdfSha256 FROM Statements WHERE Id = @id";

    private const string MemberSql = "SELECT Name, Siren, AddressLine1, AddressLine2, PostalCode, City FROM Members WHERE Id = @memberId";

    private const string RunSql = "SELECT Id, State, PeriodFrom, PeriodTo, FeeKind, FeeValue, RectifiesRunId FROM AllocationRuns WHERE Id = @runId";

    private const string SharesSql = """
        SELECT s.RunCostLineId, l.ContractId, c.Reference AS ContractReference, c.Title AS ContractTitle, l.Label, l.KeyText,
               s.BaseText, s.TotalBaseText, s.ShareText, s.HtCents, s.VatCents
        FROM RunShares s
        LEFT JOIN RunCostLines l ON l.Id = s.RunCostLineId
        LEFT JOIN Contracts c ON c.Id = l.ContractId
        WHERE s.RunId = @runId AND s.MemberId = @memberId
        ORDER BY CASE WHEN s.RunCostLineId IS NULL THEN 1 ELSE 0 END, c.Reference, l.Id, s.Id
        """;

    // The member's latest statement in the chain before this run: the original's, or an earlier rectification's.
    private const string RectifiedSql = """
        SELECT o.Number FROM AllocationRuns r
        JOIN AllocationRuns p ON p.Id = r.RectifiesRunId OR (p.RectifiesRunId = r.RectifiesRunId AND p.Id < r.Id AND p.State = 1)
        JOIN Statements o ON o.RunId = p.Id AND o.MemberId = @memberId
        WHERE r.Id = @runId
        ORDER BY o.Year DESC, o.Sequence DESC
        """;

    private const string StoreSql = """
        UPDATE Statements SET PdfBytes = @PdfBytes, StoragePath = @StoragePath, PdfSha256 = @PdfSha256,
               GeneratedAtUtc = @GeneratedAtUtc, UpdatedAtUtc = @GeneratedAtUtc
        WHERE Id = @Id AND PdfSha256 IS NULL
        """;

    private const string BuyersSql = """
        SELECT u.Email, u.DisplayName FROM UserMembers um
        JOIN Users u ON u.Id = um.UserId
        JOIN UserRoles r ON r.UserId = u.Id AND r.Role = 'MemberBuyer'
        WHERE um.MemberId = @memberId AND u.IsDisabled = 0
        ORDER BY u.Email
        """;

    private const string PaymentSql = """
        UPDATE Statements SET TitreNumber = @titreNumber, PaidOn = @paidOn, Version = Version + 1, UpdatedAtUtc = @nowUtc
        WHERE Id = @id AND Version = @expectedVersion
        """;

    private const string SetJobSql = "UPDATE AllocationRuns SET StatementsJobId = @jobId WHERE Id = @runId";

    public Task<long> InsertAsync(DbConnection connection, DbTransaction? transaction, NewStatement statement)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statement);
        return connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("Statements", InsertColumns, InsertValues),
            new
            {
                statement.RunId,
                statement.MemberId,
                statement.Number,
                statement.Year,
                statement.Sequence,
                IsCredit = statement.IsCredit ? 1 : 0,
                statement.HtCents,
                statement.VatCents,
                statement.TtcCents,
                statement.IssuedOn,
                statement.DueOn,
                NowUtc = DateTime.UtcNow,
            },
            transaction);
    }

    public async Task<StatementRow?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StatementRow>(GetSql, new { id });
    }

    public async Task<IReadOnlyList<StatementRow>> ListForRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StatementRow>(ListForRunSql, new { runId })).ToList();
    }

    public async Task<IReadOnlyList<StatementRow>> ListForMembersAsync(IReadOnlyCollection<long>? memberIds, CancellationToken cancellationToken = default)
    {
        if (memberIds is { Count: 0 })
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        return memberIds is null
            ? (await connection.QueryAsync<StatementRow>(ListAllSql)).ToList()
            : (await connection.QueryAsync<StatementRow>(ListForMembersSql, new { memberIds })).ToList();
    }

    public async Task<IReadOnlyList<StatementRow>> ListUnpaidAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StatementRow>(ListUnpaidSql)).ToList();
    }

    public async Task<(int Generated, int Total)> CountsAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(int, int)>(CountsSql, new { runId });
    }

    public async Task<IReadOnlyList<long>> PendingIdsAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(PendingSql, new { runId })).ToList();
    }

    public async Task<StatementFile?> GetFileAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StatementFile>(FileSql, new { id });
    }

    public async Task<StatementMember?> GetMemberAsync(long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StatementMember>(MemberSql, new { memberId });
    }

    public async Task<StatementRunInfo?> GetRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StatementRunInfo>(RunSql, new { runId });
    }

    public async Task<IReadOnlyList<StatementShare>> SharesAsync(long runId, long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StatementShare>(SharesSql, new { runId, memberId })).ToList();
    }

    public async Task<string?> RectifiedNumberAsync(long runId, long memberId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<string>(RectifiedSql, new { runId, memberId });
    }

    public async Task<bool> StoreGeneratedAsync(DbConnection connection, DbTransaction transaction, GeneratedStatement generated)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.ExecuteAsync(StoreSql, generated, transaction) == 1;
    }

    public async Task<IReadOnlyList<StatementBuyer>> BuyersOfMemberAsync(DbConnection connection, DbTransaction? transaction, long memberId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return (await connection.QueryAsync<StatementBuyer>(BuyersSql, new { memberId }, transaction)).ToList();
    }

    public async Task<bool> RecordPaymentAsync(long id, int expectedVersion, string? titreNumber, DateOnly? paidOn, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(PaymentSql, new { id, expectedVersion, titreNumber, paidOn, nowUtc }) == 1;
    }

    public async Task SetJobAsync(long runId, string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(SetJobSql, new { runId, jobId });
    }
}
