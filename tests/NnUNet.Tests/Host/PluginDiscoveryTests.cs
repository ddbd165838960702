using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>
/// A plugin built separately and dropped into a folder is found by the built host, which was not rebuilt;
/// broken files beside it are reported and skipped.
/// </summary>
public class PluginDiscoveryTests
{
    [Fact]
    public void ListsTheProbeExportsFoundThroughTheEnvironmentVariableAndReportsABrokenDll()
    {
        using var temp = new TempDirectory("nnunet-plugins");
        BuiltHost.CopyProbePluginTo(temp.Path);
        string broken = temp.Combine("Broken.dll");
        File.WriteAllBytes(broken, [0x4D, 0x5A, 0x00, 0x01, 0x02, 0x03, 0xDE, 0xAD, 0xBE, 0xEF]);

        BuiltHost.Result result = BuiltHost.Run(temp.Path, "plugins");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertProbeExportsListed(result, temp.Path);
        string[] brokenRow = Assert.Single(Rows(result), r => r[0] == broken);
        Assert.Contains("not a .NET assembly", brokenRow[1]);
    }

    [Fact]
    public void PluginsOptionAddsAFolderLikeTheEnvironmentVariable()
    {
        using var temp = new TempDirectory("nnunet-plugins");
        string first = temp.Combine("a"), second = temp.Combine("b", "Probe");
        Directory.CreateDirectory(first);
        BuiltHost.CopyProbePluginTo(second);

        // Before and after the command name; a plugin in a subfolder of a plugin folder is found too.
        BuiltHost.Result result = BuiltHost.Run(null, "--plugins", first, "plugins", "--plugins", temp.Combine("b"));

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertProbeExportsListed(result, second);
        Assert.Contains(Rows(result), r => r.SequenceEqual(["--plugins", first]));
        Assert.Contains(Rows(result), r => r.SequenceEqual(["--plugins", temp.Combine("b")]));
    }

    [Fact]
    public void PluginShippingItsOwnTorchSharpUsesTheHostsAndTorchStillWorks()
    {
        using var temp = new TempDirectory("nnunet-plugins");
        BuiltHost.CopyProbePluginTo(temp.Path);
        File.Copy(Path.Combine(Path.GetDirectoryName(BuiltHost.HostAssembly)!, "TorchSharp.dll"), temp.Combine("TorchSharp.dll"));
        ClaimTorchSharpAsOwnDependency(temp.Combine("ProbePlugin.deps.json"));

        BuiltHost.Result listing = BuiltHost.Run(temp.Path, "plugins");
        Assert.True(listing.ExitCode == 0, listing.ToString());
        AssertProbeExportsListed(listing, temp.Path);
        Assert.DoesNotContain("Failed to load", listing.Stdout);

        BuiltHost.Result torch = BuiltHost.Run(temp.Path, "torch-check");
        Assert.True(torch.ExitCode == 0, torch.ToString());
        Assert.Contains("tensor product sum: 12 (expected 12)", torch.StdoutLines);
        Assert.Contains("plugin files skipped: 0", torch.Stdout);
        Assert.Contains($"from {Path.GetDirectoryName(BuiltHost.HostAssembly)}{Path.DirectorySeparatorChar}TorchSharp.dll", torch.Stdout);
    }

    static void AssertProbeExportsListed(BuiltHost.Result result, string folder)
    {
        string assembly = Path.Combine(folder, "ProbePlugin.dll");
        List<string[]> rows = Rows(result);
        Assert.Contains(rows, r => r.SequenceEqual(["converter", "probe-converter", "Test fixture converter (discovery only)", assembly]));
        Assert.Contains(rows, r => r.SequenceEqual(["trainer", "ProbeTrainer", "Test fixture trainer (discovery only)", assembly]));
        Assert.Contains(rows, r => r.SequenceEqual(["architecture", "ProbeNet", "Test fixture architecture (discovery only)", assembly]));
    }

    /// <summary>Cells of every stdout line; plain tables separate columns by two or more spaces.</summary>
    static List<string[]> Rows(BuiltHost.Result result) =>
        result.StdoutLines.Select(line => Regex.Split(line, " {2,}")).ToList();

    /// <summary>Makes the copied plugin's deps.json list TorchSharp as a runtime file of its own, as a plugin built without ExcludeAssets would.</summary>
    static void ClaimTorchSharpAsOwnDependency(string depsFile)
    {
        JsonNode deps = JsonNode.Parse(File.ReadAllText(depsFile))!;
        JsonObject target = deps["targets"]!.AsObject().First().Value!.AsObject();
        target["ProbePlugin/1.0.0"]!["dependencies"] = new JsonObject { ["TorchSharp"] = "0.107.0" };
        target["TorchSharp/0.107.0"] = new JsonObject { ["runtime"] = new JsonObject { ["lib/net8.0/TorchSharp.dll"] = new JsonObject() } };
        deps["libraries"]!["TorchSharp/0.107.0"] = new JsonObject { ["type"] = "package", ["serviceable"] = true, ["sha512"] = "", ["path"] = "torchsharp/0.107.0" };
        File.WriteAllText(depsFile, deps.ToJsonString());
    }
}
