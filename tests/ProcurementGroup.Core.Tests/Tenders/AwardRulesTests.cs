using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Core.Tests.Tenders;

public sealed class AwardRulesTests
{
    private static readonly DateOnly Posted = new(2010, 12, 28);

    [Fact]
    public void Standstill_ByPost_CountsTheSendingDay_AsTheConseilDEtatDid()
    {
        // CE 2 August 2011, n° 347526: letters posted on 28/12/2010, signature lawful on 13/01/2011.
        Assert.Equal(new DateOnly(2011, 1, 13), AwardRules.EarliestSignature(true, 3, Posted, LetterChannel.Post));
    }

    [Fact]
    public void Standstill_Electronic_ElevenDays()
    {
        Assert.Equal(new DateOnly(2011, 1, 8), AwardRules.EarliestSignature(true, 3, Posted, LetterChannel.Electronic));
    }

    [Fact]
    public void NoStandstill_ForAMapa_OrASingleBidder()
    {
        Assert.Null(AwardRules.EarliestSignature(false, 3, Posted, LetterChannel.Post));
        Assert.Null(AwardRules.EarliestSignature(true, 1, Posted, LetterChannel.Post));
        Assert.Empty(AwardRules.CheckSigning(false, 3, Posted, null, LetterChannel.Post, Posted, Posted));
        Assert.Empty(AwardRules.CheckSigning(true, 1, Posted, null, LetterChannel.Post, Posted, Posted));
    }

    [Fact]
    public void Signing_BeforeTheEndOfTheStandstill_IsRefused()
    {
        var certificates = new DateOnly(2011, 1, 5);
        Assert.Equal(
            "Le délai de suspension n'est pas écoulé : le marché peut être signé à partir du 13/01/2011 (16 jours après l'envoi postal de la dernière lettre de rejet, R2182-1).",
            Assert.Single(AwardRules.CheckSigning(true, 2, new DateOnly(2011, 1, 12), Posted, LetterChannel.Post, certificates, certificates)));
        Assert.Empty(AwardRules.CheckSigning(true, 2, new DateOnly(2011, 1, 13), Posted, LetterChannel.Post, certificates, certificates));
    }

    [Fact]
    public void Signing_WithoutLetters_IsRefused_InAFormalisedProcedureWithSeveralBidders()
    {
        Assert.Equal(AwardRules.LettersMissingMessage, Assert.Single(AwardRules.CheckSigning(true, 2, Posted, null, LetterChannel.Post, Posted, Posted)));
    }

    [Fact]
    public void Signing_NeedsBothCertificates_ReceivedByTheSignature()
    {
        var day = new DateOnly(2026, 11, 2);
        Assert.Equal(AwardRules.CertificatesMissingMessage, Assert.Single(AwardRules.CheckSigning(false, 2, day, null, LetterChannel.Electronic, day, null)));
        Assert.Equal(AwardRules.CertificatesMissingMessage, Assert.Single(AwardRules.CheckSigning(false, 2, day, null, LetterChannel.Electronic, null, day)));
        Assert.Equal(AwardRules.CertificatesMissingMessage, Assert.Single(AwardRules.CheckSigning(false, 2, day, null, LetterChannel.Electronic, day.AddDays(1), day)));
        Assert.Empty(AwardRules.CheckSigning(false, 2, day, null, LetterChannel.Electronic, day, day));
    }

    [Theory]
    [InlineData(30, false)]
    [InlineData(31, true)]
    public void MissingAwardNotice_IsFlaggedAfterThirtyDays(int daysAfterSigning, bool flagged)
    {
        var signed = new DateOnly(2026, 9, 1);
        Assert.Equal(new DateOnly(2026, 10, 1), AwardRules.AwardNoticeDue(signed));
        Assert.Equal(flagged, AwardRules.AwardNoticeOverdue(true, signed, null, signed.AddDays(daysAfterSigning)));
        Assert.False(AwardRules.AwardNoticeOverdue(true, signed, signed.AddDays(20), signed.AddDays(daysAfterSigning)));
        Assert.False(AwardRules.AwardNoticeOverdue(false, signed, null, signed.AddDays(daysAfterSigning)));
    }
}

/// <summary>An awardee other than the proposed offer needs a reason; letters go to the other bidders once the award is justified.</summary>
public sealed class AwardeeChoiceTests
{
    [Theory]
    [InlineData(1L, 1L, null, true)]
    [InlineData(1L, 2L, null, false)]
    [InlineData(1L, 2L, "   ", false)]
    [InlineData(1L, 2L, "Offre première reconnue irrégulière après vérification des pièces.", true)]
    [InlineData(null, 2L, null, false)]
    [InlineData(null, 2L, "Égalité non départagée : choix motivé de l'acheteur.", true)]
    public void CheckAwardee_AnotherThanTheProposedOffer_NeedsAReason(long? proposed, long chosen, string? reason, bool accepted) =>
        Assert.Equal(accepted ? null : AwardRules.AwardeeReasonMessage, AwardRules.CheckAwardee(proposed, chosen, reason));

    [Fact]
    public void CheckAwardee_ReasonOfTheMaximumLength_Accepted_OneMoreRefused()
    {
        Assert.Null(AwardRules.CheckAwardee(1, 2, new string('x', AwardRules.AwardeeReasonMaxLength)));
        Assert.Equal(AwardRules.AwardeeReasonMessage, AwardRules.CheckAwardee(1, 2, new string('x', AwardRules.AwardeeReasonMaxLength + 1)));
    }

    [Theory]
    [InlineData(null, 1L, null, 2L, false)] // no award recorded yet
    [InlineData(1L, 1L, null, 1L, false)] // the awardee gets no letter
    [InlineData(1L, 1L, null, 2L, true)] // the proposed offer awarded: the others get theirs
    [InlineData(2L, 1L, null, 1L, false)] // another awardee without a reason: no letter at all
    [InlineData(2L, 1L, null, 3L, false)]
    [InlineData(2L, 1L, "Motif écrit.", 1L, true)] // with its reason: the proposed offer too is rejected
    [InlineData(2L, 1L, "Motif écrit.", 2L, false)]
    public void RejectionLetterAllowed_OnlyToOtherBidders_OfAJustifiedAward(long? awardee, long? proposed, string? reason, long offer, bool allowed) =>
        Assert.Equal(allowed, AwardRules.RejectionLetterAllowed(awardee, proposed, reason, offer));
}
