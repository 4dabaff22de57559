using System.Reflection;
using Complaints.Pipeline.Durable;
using Complaints.Storage;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Complaints.Functions.ParityTests.Support;

/// <summary>Where the repository is: the first directory above the test binaries that holds Complaints.sln.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Complaints.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Complaints.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>An attribute as written: its name without the Attribute suffix, positional and named arguments.</summary>
public sealed record AttributeUse(string Name, IReadOnlyList<ExpressionSyntax> Positional, IReadOnlyDictionary<string, ExpressionSyntax> Named, AttributeSyntax Syntax);

/// <summary>A method parameter with its attributes.</summary>
public sealed record ParameterUse(string Name, string Type, IReadOnlyList<AttributeUse> Attributes)
{
    public AttributeUse? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}

/// <summary>A method marked <c>[Function(name)]</c>.</summary>
public sealed record FunctionUse(string Name, string ClassName, string MethodName, string File, int Line, MethodDeclarationSyntax Method, IReadOnlyList<ParameterUse> Parameters)
{
    public string Where => $"{System.IO.Path.GetFileName(File)}:{Line} ({ClassName}.{MethodName})";

    public ParameterUse? Trigger(string attribute) => Parameters.FirstOrDefault(p => p.Attribute(attribute) is not null);

    /// <summary>Statements in the body: 1 for an expression body.</summary>
    public int StatementCount => Method.ExpressionBody is not null ? 1 : Method.Body?.Statements.Count ?? 0;

    public bool IsStaticClass =>
        Method.Ancestors().OfType<ClassDeclarationSyntax>().First().Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword));
}

/// <summary>
/// The sources of functions/Complaints.Functions, parsed (not compiled: its packages do not restore here), with
/// helpers that read the constants the attributes and calls name.
/// </summary>
public sealed class FunctionsSource
{
    public static readonly string Directory = Repo.PathOf("functions", "Complaints.Functions");

    private static readonly Lazy<FunctionsSource> Instance = new(() => new FunctionsSource());

    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    private FunctionsSource()
    {
        Trees = System.IO.Directory.GetFiles(Directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Preview), path: f))
            .ToList();
        foreach (var field in Trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>()))
        {
            if (field.Modifiers.Any(m => m.IsKind(SyntaxKind.ConstKeyword)))
            {
                var type = field.Ancestors().OfType<TypeDeclarationSyntax>().First().Identifier.Text;
                foreach (var v in field.Declaration.Variables)
                {
                    if (v.Initializer?.Value is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } lit)
                    {
                        _constants[$"{type}.{v.Identifier.Text}"] = lit.Token.ValueText;
                    }
                }
            }
        }

        Functions = Trees.SelectMany(ReadFunctions).ToList();
    }

    public static FunctionsSource Load() => Instance.Value;

    public IReadOnlyList<SyntaxTree> Trees { get; }

    public IReadOnlyList<FunctionUse> Functions { get; }

    public SyntaxTree Tree(string fileName) =>
        Trees.SingleOrDefault(t => Path.GetFileName(t.FilePath) == fileName)
        ?? throw new Xunit.Sdk.XunitException($"functions/Complaints.Functions/{fileName} is missing.");

    public IEnumerable<FunctionUse> WithTrigger(string attribute) => Functions.Where(f => f.Trigger(attribute) is not null);

    /// <summary>
    /// The string an expression stands for: a literal, <c>nameof(X)</c> / <c>nameof(A.X)</c>, or a string constant
    /// (declared in these sources, or a public const of the shared assemblies). <c>null</c> when it cannot be read.
    /// </summary>
    public string? StringValue(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } lit => lit.Token.ValueText,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } } inv
            when inv.ArgumentList.Arguments.Count == 1 => LastName(inv.ArgumentList.Arguments[0].Expression),
        MemberAccessExpressionSyntax member => Constant(member),
        IdentifierNameSyntax id => _constants.Where(c => c.Key.EndsWith("." + id.Identifier.Text, StringComparison.Ordinal))
            .Select(c => (string?)c.Value).SingleOrDefault(),
        _ => null,
    };

    public static string Location(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }

    private string? Constant(MemberAccessExpressionSyntax member)
    {
        var type = LastName(member.Expression);
        var name = member.Name.Identifier.Text;
        if (_constants.TryGetValue($"{type}.{name}", out var value))
        {
            return value;
        }

        // A constant of the shared code the Functions app references (for example DurableWorkflowStep.ChangedEvent).
        Assembly[] shared = [typeof(DurableWorkflowStep).Assembly, typeof(StorageNames).Assembly, typeof(Complaints.Core.ComplaintId).Assembly];
        return shared.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Name == type)
            .Select(t => t.GetField(name, BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string?)f!.GetRawConstantValue())
            .FirstOrDefault();
    }

    private static string? LastName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax id => id.Identifier.Text,
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        GenericNameSyntax g => g.Identifier.Text,
        _ => null,
    };

    private IEnumerable<FunctionUse> ReadFunctions(SyntaxTree tree)
    {
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var function = Attributes(method.AttributeLists).FirstOrDefault(a => a.Name == "Function");
            if (function is null)
            {
                continue;
            }

            var name = function.Positional.Count == 1 ? StringValue(function.Positional[0]) : null;
            var parameters = method.ParameterList.Parameters
                .Select(p => new ParameterUse(p.Identifier.Text, p.Type?.ToString() ?? string.Empty, Attributes(p.AttributeLists).ToList()))
                .ToList();
            yield return new FunctionUse(
                name ?? $"<unreadable: {function.Syntax}>",
                method.Ancestors().OfType<ClassDeclarationSyntax>().First().Identifier.Text,
                method.Identifier.Text,
                tree.FilePath,
                method.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
                method,
                parameters);
        }
    }

    private static IEnumerable<AttributeUse> Attributes(SyntaxList<AttributeListSyntax> lists) =>
        lists.SelectMany(l => l.Attributes).Select(a =>
        {
            var name = a.Name switch
            {
                QualifiedNameSyntax q => q.Right.Identifier.Text,
                IdentifierNameSyntax i => i.Identifier.Text,
                _ => a.Name.ToString(),
            };
            if (name.EndsWith("Attribute", StringComparison.Ordinal))
            {
                name = name[..^"Attribute".Length];
            }

            var args = a.ArgumentList?.Arguments ?? default;
            return new AttributeUse(
                name,
                args.Where(x => x.NameEquals is null && x.NameColon is null).Select(x => x.Expression).ToList(),
                args.Where(x => x.NameEquals is not null).ToDictionary(x => x.NameEquals!.Name.Identifier.Text, x => x.Expression),
                a);
        });
}
