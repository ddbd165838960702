using NnUNet.Core.Planning;

namespace NnUNet.Tests.Planning;

public sealed class VramEstimateTests
{
    [Fact]
    public void OnePoolingCountsInputStageAndBottleneck()
    {
        // patch 8^3: V0 = 512; t = 5*512*32 + 1*512 + 2*512 = 83456;
        // the only (= last) pooling: map 4^3 = 64, 64 features, 2 convs -> + 2*64*64 = 8192 -> 91648
        long t = VramEstimate.Compute([8, 8, 8], 32, 320, 1, 2, [[2, 2, 2]]);
        Assert.Equal(91648, t);
    }

    [Fact]
    public void InnerPoolingsCountFiveBlocksAndFeaturesAreCapped()
    {
        // patch 16^3, base 32: V0 = 4096; 5*4096*32 + 4096 + 2*4096 = 667648
        // pool 1: 8^3 = 512, 64 features, 5 blocks -> + 163840; pool 2 (last): 4^3 = 64, 128 features, 2 -> + 16384
        Assert.Equal(847872, VramEstimate.Compute([16, 16, 16], 32, 320, 1, 2, [[2, 2, 2], [2, 2, 2]]));
        // base 256, cap 320: V0 part 5*4096*256 + 3*4096 = 5255168; pool 1: 5*512*320 = 819200; pool 2: 2*64*320 = 40960
        Assert.Equal(6115328, VramEstimate.Compute([16, 16, 16], 256, 320, 1, 2, [[2, 2, 2], [2, 2, 2]]));
    }

    [Fact]
    public void AnisotropicPoolKernelsShrinkOnlyPooledAxes()
    {
        // patch (4, 16, 16): V0 = 1024; 5*1024*32 + 2*1024 + 3*1024 = 168960
        // pool [1,2,2] (last): map (4, 8, 8) = 256, 64 features, 2 convs -> + 32768 -> 201728
        Assert.Equal(201728, VramEstimate.Compute([4, 16, 16], 32, 320, 2, 3, [[1, 2, 2]]));
    }
}
