namespace NnUNet.Bench;

/// <summary>One benchmark: runs its workload and its baseline in the same process and prints both with ratios.</summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured and against which baseline.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark, printing its results to the console.</summary>
    void Run(string[] args);
}
