using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Procedures;

/// <summary>A stored procedure advice: what was advised, on which value and launch date, with the threshold rows it used.</summary>
public sealed class StoredAdvice
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public DateTime ComputedAtUtc { get; set; }

    public long? ComputedByUserId { get; set; }

    /// <summary>The e-mail of the user who stored it (joined from Users; null if the user is gone).</summary>
    public string? ComputedByEmail { get; set; }

    /// <summary>The display name of the user who stored it (joined from Users; null if the user is gone).</summary>
    public string? ComputedByName { get; set; }

    public DateOnly LaunchDate { get; set; }

    public long EstimatedValueCents { get; set; }

    public RequiredProcedure RequiredProcedure { get; set; }

    public string Article { get; set; } = string.Empty;

    public string Explanation { get; set; } = string.Empty;

    public long NoProcedureThresholdId { get; set; }

    public long EuThresholdId { get; set; }

    public long SmallLotsTotalCents { get; set; }

    public PurchaseNature Nature { get; set; } = PurchaseNature.Supplies;

    public ContractForm ContractForm { get; set; }

    /// <summary>The estimate of the counted forms; <see cref="EstimatedValueCents"/> is the value compared (for an accord-cadre, the larger of this and the maxima). Null for advices stored before issue 7.</summary>
    public long? EstimateCents { get; set; }

    /// <summary>The sum of the lots' maxima of an accord-cadre; null for an ordinary contract.</summary>
    public long? LotMaximaCents { get; set; }

    /// <summary>Submitted and validated forms, counted in the value.</summary>
    public int? CountedForms { get; set; }

    /// <summary>Draft and returned forms, not counted.</summary>
    public int? PendingForms { get; set; }

    /// <summary>Members taking part without a form.</summary>
    public int? MissingForms { get; set; }

    /// <summary>With the pending forms' values added the procedure would have been another one.</summary>
    public bool PendingChangesProcedure { get; set; }

    /// <summary>The obligations listed, one per line, as the officer read them.</summary>
    public string? Obligations { get; set; }

    /// <summary>Every threshold row the advice cited (procedure and obligations).</summary>
    public List<long> ThresholdIds { get; set; } = [];

    public List<StoredSmallLot> SmallLots { get; set; } = [];
}

/// <summary>A lot the officer chose to run as MAPA under R2123-1 2°.</summary>
public sealed class StoredSmallLot
{
    public long AdviceId { get; set; }

    public long LotId { get; set; }

    public int LotNumber { get; set; }

    public string Title { get; set; } = string.Empty;

    public long ValueCents { get; set; }
}

public interface IProcedureAdviceRepository
{
    Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, StoredAdvice advice);

    /// <summary>The campaign's stored advices, newest first, each with its small lots.</summary>
    Task<IReadOnlyList<StoredAdvice>> ListAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>One stored advice of the campaign with its small lots; null when it is not the campaign's.</summary>
    Task<StoredAdvice?> GetAsync(long campaignId, long adviceId, CancellationToken cancellationToken = default);

    /// <summary>The threshold rows the advice cited, by kind then date.</summary>
    Task<IReadOnlyList<ThresholdRow>> ThresholdsAsync(long adviceId, CancellationToken cancellationToken = default);
}

public sealed class ProcedureAdviceRepository(IDbConnectionFactory factory) : IProcedureAdviceRepository
{
    public const string InsertThresholdSql = "INSERT INTO ProcedureAdviceThresholds (AdviceId, ThresholdId) VALUES (@AdviceId, @ThresholdId)";

    public const string InsertSmallLotSql = "INSERT INTO ProcedureAdviceSmallLots (AdviceId, LotId, ValueCents) VALUES (@AdviceId, @LotId, @ValueCents)";

    private const string AdviceColumns =
        """
        a.Id, a.CampaignId, a.ComputedAtUtc, a.ComputedByUserId, u.Email AS ComputedByEmail, u.DisplayName AS ComputedByName, a.LaunchDate, a.EstimatedValueCents,
               a.RequiredProcedure, a.Article, a.Explanation, a.NoProcedureThresholdId, a.EuThresholdId, a.SmallLotsTotalCents,
               a.Nature, a.ContractForm, a.EstimateCents, a.LotMaximaCents, a.CountedForms, a.PendingForms, a.MissingForms, a.PendingChangesProcedure, a.Obligations
        """;

    public const string ListSql =
        "SELECT " + AdviceColumns + """

        FROM ProcedureAdvices a LEFT JOIN Users u ON u.Id = a.ComputedByUserId
        WHERE a.CampaignId = @campaignId
        ORDER BY a.ComputedAtUtc DESC, a.Id DESC
        """;

    public const string GetSql =
        "SELECT " + AdviceColumns + """

        FROM ProcedureAdvices a LEFT JOIN Users u ON u.Id = a.ComputedByUserId
        WHERE a.CampaignId = @campaignId AND a.Id = @adviceId
        """;

    public const string GetSmallLotsSql =
        """
        SELECT s.AdviceId, s.LotId, l.LotNumber, l.Title, s.ValueCents
        FROM ProcedureAdviceSmallLots s JOIN CampaignLots l ON l.Id = s.LotId
        WHERE s.AdviceId = @adviceId
        ORDER BY l.LotNumber
        """;

    public const string ThresholdsSql =
        """
        SELECT t.Id, t.Kind, t.ValidFrom, t.ValidUntil, t.AmountCents, t.Article, t.UpdatedAtUtc, t.Version
        FROM ProcurementThresholds t JOIN ProcedureAdviceThresholds p ON p.ThresholdId = t.Id
        WHERE p.AdviceId = @adviceId
        ORDER BY t.Kind, t.ValidFrom, t.Id
        """;

    public const string ListSmallLotsSql =
        """
        SELECT s.AdviceId, s.LotId, l.LotNumber, l.Title, s.ValueCents
        FROM ProcedureAdviceSmallLots s JOIN ProcedureAdvices a ON a.Id = s.AdviceId JOIN CampaignLots l ON l.Id = s.LotId
        WHERE a.CampaignId = @campaignId
        ORDER BY l.LotNumber
        """;

    public async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, StoredAdvice advice)
    {
        var id = await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId(
                "ProcedureAdvices",
                "CampaignId, ComputedAtUtc, ComputedByUserId, LaunchDate, EstimatedValueCents, RequiredProcedure, Article, Explanation, NoProcedureThresholdId, EuThresholdId, SmallLotsTotalCents, " +
                "Nature, ContractForm, EstimateCents, LotMaximaCents, CountedForms, PendingForms, MissingForms, PendingChangesProcedure, Obligations",
                "@CampaignId, @ComputedAtUtc, @ComputedByUserId, @LaunchDate, @EstimatedValueCents, @RequiredProcedure, @Article, @Explanation, @NoProcedureThresholdId, @EuThresholdId, @SmallLotsTotalCents, " +
                "@Nature, @ContractForm, @EstimateCents, @LotMaximaCents, @CountedForms, @PendingForms, @MissingForms, @PendingChangesProcedure, @Obligations"),
            new
            {
                advice.CampaignId,
                advice.ComputedAtUtc,
                advice.ComputedByUserId,
                advice.LaunchDate,
                advice.EstimatedValueCents,
                RequiredProcedure = (int)advice.RequiredProcedure,
                advice.Article,
                advice.Explanation,
                advice.NoProcedureThresholdId,
                advice.EuThresholdId,
                advice.SmallLotsTotalCents,
                Nature = (int)advice.Nature,
                ContractForm = (int)advice.ContractForm,
                advice.EstimateCents,
                advice.LotMaximaCents,
                advice.CountedForms,
                advice.PendingForms,
                advice.MissingForms,
                advice.PendingChangesProcedure,
                advice.Obligations,
            },
            transaction);
        var cited = advice.ThresholdIds.Append(advice.NoProcedureThresholdId).Append(advice.EuThresholdId).Distinct().Order()
            .Select(thresholdId => new { AdviceId = id, ThresholdId = thresholdId }).ToList();
        await connection.ExecuteAsync(InsertThresholdSql, cited, transaction);
        foreach (var lot in advice.SmallLots)
        {
            lot.AdviceId = id;
        }

        if (advice.SmallLots.Count > 0)
        {
            await connection.ExecuteAsync(InsertSmallLotSql, advice.SmallLots, transaction);
        }

        advice.Id = id;
        return id;
    }

    public async Task<IReadOnlyList<StoredAdvice>> ListAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var advices = (await connection.QueryAsync<StoredAdvice>(ListSql, new { campaignId })).ToList();
        var lots = (await connection.QueryAsync<StoredSmallLot>(ListSmallLotsSql, new { campaignId })).ToLookup(l => l.AdviceId);
        foreach (var advice in advices)
        {
            advice.SmallLots = lots[advice.Id].ToList();
        }

        return advices;
    }

    public async Task<StoredAdvice?> GetAsync(long campaignId, long adviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var advice = await connection.QuerySingleOrDefaultAsync<StoredAdvice>(GetSql, new { campaignId, adviceId });
        if (advice is not null)
        {
            advice.SmallLots = (await connection.QueryAsync<StoredSmallLot>(GetSmallLotsSql, new { adviceId })).ToList();
        }

        return advice;
    }

    public async Task<IReadOnlyList<ThresholdRow>> ThresholdsAsync(long adviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ThresholdRow>(ThresholdsSql, new { adviceId })).ToList();
    }
}
