using Meridian.Customers.Contracts;

namespace Meridian.Customers.Tests;

public sealed class ModuleBoundaryTests
{
    [Fact]
    public void only_the_module_class_and_the_contracts_are_public()
    {
        var assembly = typeof(CustomersModule).Assembly;

        var publicTypes = assembly.GetExportedTypes()
            .Where(t => t != typeof(CustomersModule) && t.Namespace != typeof(ICustomerDirectory).Namespace)
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(publicTypes);
    }
}
