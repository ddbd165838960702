using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Imaging;

/// <summary>Every malformed file gets one InvalidInputException whose single-line message starts with the file path.</summary>
public class NiftiBadFileTests : IDisposable
{
    readonly TempDirectory _dir = new("nifti-bad");
    public void Dispose() => _dir.Dispose();

    static readonly NiftiFileBuilder Cube = new() { Dim = [3, 4, 4, 4, 1, 1, 1, 1], DataType = 4 }; // 64 int16 = 128 bytes
    static byte[] CubeVoxels => new byte[128];

    string Save(string name, byte[] content)
    {
        string path = _dir.Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Both Read and ReadHeader fail (unless only the data is bad) with a message naming the file.</summary>
    static string AssertRejected(string path, string expected, bool headerAlsoFails = true)
    {
        var e = Assert.Throws<InvalidInputException>(() => NiftiReader.Read(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        if (headerAlsoFails)
        {
            var h = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadHeader(path));
            Assert.Equal(e.Message, h.Message);
        }
        return e.Message;
    }

    [Fact]
    public void MissingFile() => AssertRejected(_dir.Combine("nope.nii.gz"), "not found");

    [Fact]
    public void WrongHeaderSize()
    {
        var content = new byte[400];
        "\x89PNG\r\n"u8.CopyTo(content);
        AssertRejected(Save("png.nii", content), "not a NIfTI file");
        AssertRejected(Save("empty.nii", []), "not a NIfTI file");
        AssertRejected(Save("wrongsize.nii.gz", NiftiFileBuilder.Gzip(new NiftiFileBuilder { SizeofHdr = 349 }.File(new byte[32]))), "header size field is 349");
    }

    [Fact]
    public void WrongMagic()
    {
        AssertRejected(Save("magic.nii", new NiftiFileBuilder { Magic = "abc\0"u8.ToArray() }.File(new byte[32])), "magic");
        AssertRejected(Save("pair.nii", new NiftiFileBuilder { Magic = "ni1\0"u8.ToArray() }.File(new byte[32])), ".hdr/.img");
        AssertRejected(Save("magic2.nii", new NiftiFileBuilder { Version = 2, Magic = "n+1\0\0\0\0\0"u8.ToArray() }.File(new byte[32])), "NIfTI-2 magic");
    }

    [Fact]
    public void TruncatedHeader() =>
        AssertRejected(Save("short.nii", Cube.Header()[..200]), "truncated");

    [Fact]
    public void TruncatedDataPlain()
    {
        byte[] file = Cube.File(CubeVoxels);
        string message = AssertRejected(Save("cut.nii", file[..^10]), "truncated");
        Assert.Contains("128", message); // how much the dims need
    }

    [Fact]
    public void GzipStreamThatEndsEarly()
    {
        // A complete, valid gzip member whose content stops 10 bytes short of the voxel data.
        byte[] file = Cube.File(CubeVoxels);
        AssertRejected(Save("short.nii.gz", NiftiFileBuilder.Gzip(file[..^10])), "truncated", headerAlsoFails: false);
    }

    [Fact]
    public void GzipFileCutInTheMiddle()
    {
        // A real-size, incompressible payload cut in half: the deflate stream itself ends early.
        var random = new Random(7);
        var voxels = new byte[64 * 64 * 64 * 2];
        random.NextBytes(voxels);
        var b = new NiftiFileBuilder { Dim = [3, 64, 64, 64, 1, 1, 1, 1], DataType = 4 };
        byte[] gz = NiftiFileBuilder.Gzip(b.File(voxels));
        string message = AssertRejected(Save("cut.nii.gz", gz[..(gz.Length / 2)]), "", headerAlsoFails: false);
        Assert.True(message.Contains("truncated"), message);
    }

    [Fact]
    public void CorruptGzip()
    {
        var gz = NiftiFileBuilder.Gzip(Cube.File(CubeVoxels));
        for (int i = 20; i < gz.Length - 8; i++) gz[i] ^= 0x5a;
        AssertRejected(Save("corrupt.nii.gz", gz), "", headerAlsoFails: false);
    }

    [Fact]
    public void MoreDataThanDimsDescribe()
    {
        byte[] file = Cube.File([.. CubeVoxels, .. new byte[64]]);
        AssertRejected(Save("long.nii", file), "need 128");
        AssertRejected(Save("long.nii.gz", NiftiFileBuilder.Gzip(file)), "128 bytes", headerAlsoFails: false);
    }

    [Fact]
    public void AbsurdDimsFailBeforeAllocating()
    {
        // 10000^3 = 1e12 voxels: rejected from the header alone.
        var b = new NiftiFileBuilder { Dim = [3, 10000, 10000, 10000, 1, 1, 1, 1] };
        string path = Save("huge.nii.gz", NiftiFileBuilder.Gzip(b.File(new byte[64])));
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(path, "limit");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20, "allocated a lot before failing");

        // 1000^3 uint8 = 1 GB is under the limit but no 100-byte gzip file can inflate to it.
        var big = new NiftiFileBuilder { Dim = [3, 1000, 1000, 1000, 1, 1, 1, 1], DataType = 2 };
        string bigPath = Save("big.nii.gz", NiftiFileBuilder.Gzip(big.File(new byte[64])));
        before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(bigPath, "gzip file can hold");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20, "allocated a lot before failing");

        // NIfTI-2 allows int64 dims: 2^40 voxels.
        var n2 = new NiftiFileBuilder { Version = 2, Dim = [3, 1L << 20, 1L << 20, 1, 1, 1, 1, 1] };
        AssertRejected(Save("huge2.nii", n2.File(new byte[64])), "limit");
    }

    [Fact]
    public void NonPositiveDims()
    {
        AssertRejected(Save("zero.nii", new NiftiFileBuilder { Dim = [3, 4, 0, 4, 1, 1, 1, 1] }.File([])), "dim[2] = 0");
        AssertRejected(Save("neg.nii", new NiftiFileBuilder { Dim = [3, 4, 4, -2, 1, 1, 1, 1] }.File([])), "dim[3] = -2");
        AssertRejected(Save("dim0.nii", new NiftiFileBuilder { Dim = [9, 4, 4, 4, 1, 1, 1, 1] }.File([])), "dim[0] = 9");
    }

    [Fact]
    public void UnsupportedDatatype()
    {
        var rgb = new NiftiFileBuilder { DataType = 128, Dim = [3, 2, 2, 2, 1, 1, 1, 1] };
        AssertRejected(Save("rgb.nii", rgb.File(new byte[24])), "unsupported datatype rgb24");
        var odd = new NiftiFileBuilder { DataType = 3, Dim = [3, 2, 2, 2, 1, 1, 1, 1] };
        AssertRejected(Save("odd.nii", odd.File(new byte[32])), "unsupported datatype");
    }

    [Fact]
    public void VoxOffsetInsideHeader() =>
        AssertRejected(Save("offset.nii", new NiftiFileBuilder { VoxOffset = 100 }.Header()), "vox_offset");
}
