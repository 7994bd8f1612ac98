namespace ProcurementGroup.Core.Allocation;

/// <summary>
/// An allocation the rules refuse (all weights zero, a member missing a base, percentages not adding up to 100 …). The
/// messages are French and meant for the user: the web layer shows them next to the key or the run, never a 500.
/// </summary>
public sealed class AllocationException : Exception
{
    public AllocationException(IReadOnlyList<string> errors)
        : base(string.Join(" ", errors))
    {
        Errors = errors;
    }

    public AllocationException(string error)
        : this([error])
    {
    }

    public AllocationException()
        : this([])
    {
    }

    public AllocationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>One French message per problem found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
