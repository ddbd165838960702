using NnUNet.Abstractions;

namespace NnUNet.Host.Plugins;

/// <summary>
/// Fills a metadata class from an export's raw metadata. System.Composition's own metadata views set only the
/// properties a class declares itself, so <see cref="ConverterMetadata"/> would lose the Name and Description
/// it inherits from <see cref="PluginMetadata"/>; reading the raw dictionary sets inherited ones too.
/// </summary>
public static class PluginMetadataReader
{
    public static TMetadata Read<TMetadata>(IDictionary<string, object> values) where TMetadata : PluginMetadata, new()
    {
        var metadata = new TMetadata();
        foreach (var property in typeof(TMetadata).GetProperties().Where(p => p.CanWrite))
            if (values.TryGetValue(property.Name, out object? value) && property.PropertyType.IsInstanceOfType(value))
                property.SetValue(metadata, value);
        return metadata;
    }
}
