using System.Globalization;
using NnUNet.Core.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Preprocessing;

/// <summary>
/// plan_and_preprocess against an independent implementation of v1's steps with the libraries v1 calls
/// (nibabel for the files, scipy.ndimage.binary_fill_holes, zoom with skimage resize's arguments and
/// map_coordinates, numpy statistics on float32, RandomState choice), run live on the same generated Task.
/// </summary>
public class ScipyCrossCheckTests
{
    [SkippableFact]
    public void FingerprintAndEveryStageMatchTheNumpyScipyChain()
    {
        string? missing = PythonRunner.Missing("numpy", "scipy", "nibabel");
        Skip.If(missing != null, missing);
        using var temp = new TempDirectory();
        // x is the coarse axis (transposed first, resampled separately); CT statistics, a masked z-score, no normalisation.
        var task = new PreprocessingTaskBuilder(temp).WithCases(3, [10, 24, 18], i => [0.8 + 0.1 * i, 0.7 + 0.05 * i, 2.6 + 0.2 * i],
            "CT", "MR", "noNorm");
        string output = temp.Combine("preprocessed", "Task502_Pre");
        var report = PlanAndPreprocess.Run(task.Folder, output, new PlanAndPreprocessOptions { FullResThreads = 2, LowResThreads = 2 });
        Assert.Contains(true, report.Planning.Plans3D!.UseMaskForNorm);

        var lines = PythonRunner.Run(Script, task.Folder, output).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var stats = lines.Where(l => l.StartsWith("stat ")).ToList();
        Assert.Equal(3 * 7, stats.Count);
        Assert.All(stats, l => Assert.EndsWith(" exact", l));
        var stages = lines.Where(l => l.StartsWith("stage ")).Select(l => l.Split(' ')).ToList();
        Assert.Equal(report.StageFolders, stages.Select(s => s[1]));
        foreach (string[] s in stages)
        {
            Assert.True(double.Parse(s[2], CultureInfo.InvariantCulture) <= 1e-6, string.Join(" ", s)); // about 1 ulp of the resampling
            Assert.Equal("0", s[3]); // segmentation voxels differing
            Assert.Equal("0", s[4]); // class-location lists differing
            Assert.Equal("0", s[5]); // crop boxes differing
        }
    }

    /// <summary>Prints "stat CHANNEL NAME exact|ours numpy" and "stage FOLDER max_abs_diff seg_diffs location_diffs box_diffs".</summary>
    const string Script = """
        import sys, json, glob, os
        import numpy as np
        from nnunet_v1 import load_and_crop, resample_case
        raw, pre = sys.argv[1], sys.argv[2]
        ds = json.load(open(os.path.join(raw, "dataset.json")))
        cases = sorted((os.path.basename(t["label"])[:-7] for t in ds["training"]), key=lambda c: c + ".npz")

        cropped = {c: load_and_crop(raw, c) for c in cases}
        props = json.load(open(os.path.join(pre, "dataset_properties.json")))
        for ch in range(len(ds["modality"])):
            v = []
            for c in cases:
                v += list(cropped[c][0][ch][cropped[c][0][-1] > 0][::10])
            ref = dict(median=np.median(v), mean=np.mean(v), sd=np.std(v), min=np.min(v), max=np.max(v),
                       percentile_99_5=np.percentile(v, 99.5), percentile_00_5=np.percentile(v, 0.5))
            ours = props["intensity_properties"][str(ch)]
            for k, value in ref.items():
                print("stat", ch, k, "exact" if float(value) == ours[k] else "%r %r" % (ours[k], float(value)))

        for plans_file in ("nnUNetPlansv2.1_plans_3D.json", "nnUNetPlansv2.1_plans_2D.json"):
            plans = json.load(open(os.path.join(pre, plans_file)))
            tf = plans["transpose_forward"]
            for si, st in enumerate(plans["plans_per_stage"]):
                folder = plans["data_identifier"] + "_stage%d" % si
                worst, seg_diffs, loc_diffs, box_diffs = 0.0, 0, 0, 0
                for c in cases:
                    all_data, spacing, box = cropped[c]
                    data, seg = resample_case(all_data.copy(), spacing, tf, st["current_spacing"], len(st["patch_size"]) == 2)
                    for ch in range(len(data)):
                        scheme, use_mask = plans["normalization_schemes"][str(ch)], plans["use_mask_for_norm"][str(ch)]
                        if scheme == "CT":
                            p = props["intensity_properties"][str(ch)]
                            data[ch] = np.clip(data[ch], p["percentile_00_5"], p["percentile_99_5"])
                            data[ch] = (data[ch] - np.float32(p["mean"])) / np.float32(p["sd"])
                            if use_mask:
                                data[ch][seg[-1] < 0] = 0
                        elif scheme == "noNorm":
                            pass
                        elif use_mask:
                            mask = seg[-1] >= 0
                            data[ch][mask] = (data[ch][mask] - data[ch][mask].mean()) / (data[ch][mask].std() + 1e-8)
                            data[ch][mask == 0] = 0
                        else:
                            mn, sd = data[ch].mean(), data[ch].std()
                            data[ch] = (data[ch] - mn) / (sd + 1e-8)
                    header = json.load(open(os.path.join(pre, folder, c + ".json")))
                    ours = np.fromfile(os.path.join(pre, folder, c + "_data.bin"), "<f4").reshape(header["data"]["shape"])
                    ours_seg = np.fromfile(os.path.join(pre, folder, c + "_seg.bin"), header["seg"]["dtype"]).reshape(header["seg"]["shape"])
                    worst = max(worst, float(np.max(np.abs(ours - data))) if ours.shape == data.shape else float("inf"))
                    seg_diffs += int(np.sum(ours_seg != seg[0])) if ours_seg.shape == seg[0].shape else seg[0].size
                    rnd = np.random.RandomState(1234)
                    for label in plans["all_classes"]:
                        locs = np.argwhere(seg[0] == label)
                        if len(locs):
                            k = max(min(10000, len(locs)), int(np.ceil(len(locs) * 0.01)))
                            locs = locs[rnd.choice(len(locs), k, replace=False)]
                        if not np.array_equal(locs.reshape(-1, 3), np.array(header["properties"]["class_locations"][str(label)]).reshape(-1, 3)):
                            loc_diffs += 1
                    box_diffs += header["properties"]["crop_bbox"] != box
                print("stage", folder, worst, seg_diffs, loc_diffs, box_diffs)
        """;
}
