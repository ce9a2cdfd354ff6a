using System.Reflection;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Architecture;

/// <summary>
/// The module rules of the architecture, enforced: a module's only public surface is its front door
/// and its Contracts, so a module that references another can reach nothing else of it; each
/// module's tables carry its own prefix.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ModuleBoundaryTests(MeridianApp app)
{
    private static readonly Assembly Server = typeof(Program).Assembly;

    public static IReadOnlyList<Assembly> ModuleAssemblies { get; } = Server.GetReferencedAssemblies()
        .Where(name => name.Name!.StartsWith("Meridian.", StringComparison.Ordinal))
        .Select(Assembly.Load)
        .Where(assembly => assembly.GetTypes().Any(t => typeof(IModule).IsAssignableFrom(t) && !t.IsInterface))
        .ToList();

    private static IReadOnlyList<string> Names => ModuleAssemblies.Select(a => a.GetName().Name!).ToList();

    public static TheoryData<string> ModuleNames() => [.. Names];

    [Fact]
    public void the_server_hosts_every_module_project()
    {
        Assert.Contains("Meridian.Catalog", Names);
        Assert.Contains("Meridian.Channels", Names);
        Assert.Contains("Meridian.Payments", Names);
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void a_module_exposes_only_its_front_door_and_its_contracts(string moduleName)
    {
        var assembly = ModuleAssemblies.Single(a => a.GetName().Name == moduleName);
        var leaks = assembly.GetExportedTypes()
            .Where(t => !typeof(IModule).IsAssignableFrom(t))
            .Where(t => t.Namespace != $"{moduleName}.Contracts" && t.Namespace?.StartsWith($"{moduleName}.Contracts.", StringComparison.Ordinal) != true)
            .Select(t => t.FullName)
            .ToList();
        Assert.True(leaks.Count == 0, $"Public types outside Contracts: {string.Join(", ", leaks)}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void a_module_that_uses_another_sees_only_its_contracts(string moduleName)
    {
        var assembly = ModuleAssemblies.Single(a => a.GetName().Name == moduleName);
        var others = Names.Where(n => n != moduleName).ToHashSet();
        foreach (var reference in assembly.GetReferencedAssemblies().Where(r => others.Contains(r.Name!)))
        {
            var attribute = Assembly.Load(reference).GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
                .FirstOrDefault(a => a.AssemblyName == moduleName);
            Assert.True(attribute is null, $"{reference.Name} lets {moduleName} see its internals; modules meet only through Contracts.");
        }
    }

    [Fact]
    public void the_shared_kernel_depends_on_no_module()
    {
        var kernel = typeof(IModule).Assembly;
        var names = Names.ToHashSet();
        Assert.DoesNotContain(kernel.GetReferencedAssemblies(), r => names.Contains(r.Name!));
    }

    [Fact]
    public void every_module_table_carries_its_module_prefix()
    {
        using var scope = app.Services.CreateScope();
        var contexts = ModuleContexts.Select(t => scope.ServiceProvider.GetService(t)).OfType<DbContext>().ToList();
        Assert.True(contexts.Count >= ModuleAssemblies.Count, $"Only {contexts.Count} module contexts are registered.");
        foreach (var context in contexts)
        {
            var prefix = context.GetType().Assembly.GetName().Name!["Meridian.".Length..].ToLowerInvariant() + "_";
            var tables = context.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().ToList();
            Assert.All(tables, table => Assert.StartsWith(prefix, table, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Each module's model has one migration history per engine; a model change with a migration for only one of
    /// them would pass every test on that engine and break the other at its first start.
    /// </summary>
    [Fact]
    public void every_module_context_has_a_migration_for_its_current_model_on_both_engines()
    {
        var checkedContexts = 0;
        foreach (var contextType in ModuleContexts)
        {
            var options = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType))!;
            var postgres = contextType.Name.EndsWith("PostgresDbContext", StringComparison.Ordinal);
            // Nothing connects: the model is compared with the latest migration's snapshot.
            _ = postgres ? options.UseNpgsql("Host=localhost;Database=model_check") : options.UseSqlite("Data Source=:memory:");
            using var context = (DbContext)Activator.CreateInstance(contextType, options.Options)!;
            Assert.False(context.Database.HasPendingModelChanges(),
                $"{contextType.Name} has model changes without a migration: scripts/add-migration.sh {contextType.Assembly.GetName().Name!["Meridian.".Length..]} NAME");
            checkedContexts++;
        }
        Assert.True(checkedContexts >= 2 * ModuleAssemblies.Count - 2, $"Only {checkedContexts} contexts were checked.");
    }

    private static IEnumerable<Type> ModuleContexts => ModuleAssemblies.SelectMany(a => a.GetTypes())
        .Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructors().Length > 0);
}
