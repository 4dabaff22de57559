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

    public ComplaintRuleViolation() : this(ViolationKind.Conflict, "The command is not allowed.") { }

    public ComplaintRuleViolation(string message) : this(ViolationKind.Conflict, message) { }

    public ComplaintRuleViolation(string message, Exception innerException) : base(message, innerException) =>
        Kind = ViolationKind.Conflict;

    public ViolationKind Kind { get; }

    internal static ComplaintRuleViolation Forbidden(string message) => new(ViolationKind.Forbidden, message);

    internal static ComplaintRuleViolation Conflict(string message) => new(ViolationKind.Conflict, message);

    internal static ComplaintRuleViolation Invalid(string message) => new(ViolationKind.Invalid, message);
}
