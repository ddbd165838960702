using System.Reflection;
using NnUNet.Bench;

NnUNet.Core.Runtime.TorchCpuBackend.ApplyDefaults(); // before libtorch loads

var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

var chosen = args.Length == 0 ? null : benchmarks.FirstOrDefault(b => b.Name == args[0]);
if (chosen is null)
{
    Console.WriteLine("usage: dotnet run --project bench/NnUNet.Bench -c Release -- NAME [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-14} {b.Description}");
    return args.Length == 0 ? 0 : 2;
}
chosen.Run(args[1..]);
return 0;
