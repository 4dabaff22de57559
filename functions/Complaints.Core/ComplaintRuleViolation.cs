namespace Complaints.Core;

/// <summary>Why the decider refused a command.</summary>
public enum ViolationKind
{
    /// <summary>The actor may not issue this command on this complaint (HTTP 403).</summary>
    Forbidden,

    /// <summary>The complaint's current state does not allow the command (HTTP 409).</summary>
    Conflict,

    /// <summary>The command itself is malformed (HTTP 400).</summary>
    Invalid,
}

/// <summary>A command the complaint's rules refuse. The message is safe to show to the caller.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "Domain name from the design: a rule violation, not a fault.")]
public sealed class ComplaintRuleViolation : Exception
{
    public ComplaintRuleViolation(ViolationKind kind, string message) : base(message) => Kind = kind;

    /// <param name="kind">Why the command is refused.</param>
    /// <param name="message">A message safe to show to the caller.</param>
    /// <param name="field">For <see cref="ViolationKind.Invalid"/>: the part of the command at fault, named as the API names it.</param>
    public ComplaintRuleViolation(ViolationKind kind, string message, string? field) : base(message)
    {
        Kind = kind;
        Field = field;
    }

    public ComplaintRuleViolation() : this(ViolationKind.Conflict, "The command is not allowed.") { }

    public ComplaintRuleViolation(string message) : this(ViolationKind.Conflict, message) { }

    public ComplaintRuleViolation(string message, Exception innerException) : base(message, innerException) =>
        Kind = ViolationKind.Conflict;

    public ViolationKind Kind { get; }

    /// <summary>The offending part of the command (e.g. <c>amount</c>), when the violation is about one.</summary>
    public string? Field { get; }

    internal static ComplaintRuleViolation Forbidden(string message) => new(ViolationKind.Forbidden, message);

    internal static ComplaintRuleViolation Conflict(string message) => new(ViolationKind.Conflict, message);

    internal static ComplaintRuleViolation Invalid(string message, string? field = null) => new(ViolationKind.Invalid, message, field);
}
