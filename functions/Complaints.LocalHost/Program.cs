using Complaints.LocalHost;

var builder = WebApplication.CreateBuilder(args);
builder.AddComplaintsLocalHost();

var app = builder.Build();
app.UseComplaintsLocalHost();
app.Run();

/// <summary>Entry point; public so that WebApplicationFactory can reach it.</summary>
public partial class Program;
