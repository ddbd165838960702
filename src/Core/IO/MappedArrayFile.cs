using System.IO.MemoryMappedFiles;
using NnUNet.Abstractions;

namespace NnUNet.Core.IO;

/// <summary>
/// A read-only memory map of one raw array file (the preprocessed cases, the cascade's previous-stage labels), checked
/// against the byte count its JSON header describes, so that a truncated or stale file fails at open and never mid-batch.
/// </summary>
public sealed unsafe class MappedArrayFile : IDisposable
{
    readonly MemoryMappedFile _file;
    readonly MemoryMappedViewAccessor _view;

    /// <param name="path">The array file.</param>
    /// <param name="expectedBytes">Its size according to the header.</param>
    /// <param name="remedy">What the user does when it is missing or has another size (ends the error message).</param>
    public MappedArrayFile(string path, long expectedBytes, string remedy)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidInputException($"{path}: array file missing; {remedy}.");
        if (info.Length != expectedBytes)
            throw new InvalidInputException($"{path}: holds {info.Length} bytes but its header describes {expectedBytes}; {remedy}.");
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + _view.PointerOffset;
    }

    /// <summary>The first byte of the array; valid until disposal.</summary>
    public byte* Pointer { get; }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
