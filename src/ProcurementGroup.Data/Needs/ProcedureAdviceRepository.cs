using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Infrastructure;

namespace ProcurementGroup.Data.Needs;

/// <summary>A stored procedure advice: what was advised, on which value and launch date, with the threshold rows it used.</summary>
public sealed class StoredAdvice
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public DateTime ComputedAtUtc { get; set; }

    public long? ComputedByUserId { get; set; }

    /// <summary>The e-mail of the user who stored it (joined from Users; null if the user is gone).</summary>
    public string? ComputedByEmail { get; set; }

    public DateOnly LaunchDate { get; set; }

    public long EstimatedValueCents { get; set; }

    public RequiredProcedure RequiredProcedure { get; set; }

    public string Article { get; set; } = string.Empty;

    public string Explanation { get; set; } = string.Empty;

    public long NoProcedureThresholdId { get; set; }

    public long EuThresholdId { get; set; }

    public long SmallLotsTotalCents { get; set; }

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
}

public sealed class ProcedureAdviceRepository(IDbConnectionFactory factory) : IProcedureAdviceRepository
{
    public const string InsertSmallLotSql = "INSERT INTO ProcedureAdviceSmallLots (AdviceId, LotId, ValueCents) VALUES (@AdviceId, @LotId, @ValueCents)";

    public const string ListSql =
        """
        SELECT a.Id, a.CampaignId, a.ComputedAtUtc, a.ComputedByUserId, u.Email AS ComputedByEmail, a.LaunchDate, a.EstimatedValueCents,
               a.RequiredProcedure, a.Article, a.Explanation, a.NoProcedureThresholdId, a.EuThresholdId, a.SmallLotsTotalCents
        FROM ProcedureAdvices a LEFT JOIN Users u ON u.Id = a.ComputedByUserId
        WHERE a.CampaignId = @campaignId
        ORDER BY a.ComputedAtUtc DESC, a.Id DESC
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
                "CampaignId, ComputedAtUtc, ComputedByUserId, LaunchDate, EstimatedValueCents, RequiredProcedure, Article, Explanation, NoProcedureThresholdId, EuThresholdId, SmallLotsTotalCents",
                "@CampaignId, @ComputedAtUtc, @ComputedByUserId, @LaunchDate, @EstimatedValueCents, @RequiredProcedure, @Article, @Explanation, @NoProcedureThresholdId, @EuThresholdId, @SmallLotsTotalCents"),
            advice,
            transaction);
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
}
