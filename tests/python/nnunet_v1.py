"""nnU-Net v1's cropping and resampling in numpy/scipy: the reference that the scipy cross-check tests and the
preprocess/resample benchmarks compare with. skimage.transform.resize(mode="edge", anti_aliasing=False), which v1
calls, is reproduced with scipy.ndimage.zoom, so skimage is not needed. Arrays are (channel, z, y, x)."""
import glob
import os

import numpy as np
import scipy.ndimage as ndi


def load_and_crop(raw, case):
    """ImageCropper: load a raw case (v1 Task folder) and crop it to the non-zero region of its channels.
    Returns (data + segmentation stacked, spacing (z, y, x), crop box [[z0, z1], [y0, y1], [x0, x1]])."""
    import nibabel as nib  # only this function reads NIfTI

    files = sorted(glob.glob(os.path.join(raw, "imagesTr", case + "_*.nii.gz")))
    data = np.stack([np.asanyarray(nib.load(f).dataobj).transpose(2, 1, 0) for f in files])
    spacing = np.array(nib.load(files[0]).header.get_zooms()[:3], dtype=float)[::-1]
    seg = np.asanyarray(nib.load(os.path.join(raw, "labelsTr", case + ".nii.gz")).dataobj).transpose(2, 1, 0)[None].astype(np.float32)
    mask = np.zeros(data.shape[1:], dtype=bool)
    for ch in range(data.shape[0]):
        mask = mask | (data[ch] != 0)
    mask = ndi.binary_fill_holes(mask)
    w = np.where(mask)
    box = [[int(np.min(w[i])), int(np.max(w[i])) + 1] for i in range(3)]
    sl = tuple(slice(b[0], b[1]) for b in box)
    data = np.stack([d[sl] for d in data])
    seg = np.stack([s[sl] for s in seg])
    seg[(seg == 0) & (mask[sl][None] == 0)] = -1
    return np.vstack((data, seg)).astype(np.float32), spacing, box


def resize(img, shape, order):
    img = img.astype(float)
    out = ndi.zoom(img, [o / i for o, i in zip(shape, img.shape)], order=order, mode="nearest", grid_mode=True)
    if order > 0:
        np.clip(out, img.min(), img.max(), out=out)
    return out


def resize_segmentation(seg, shape, order):
    out = np.zeros(shape, dtype=seg.dtype)
    for label in np.unique(seg):
        out[resize((seg == label).astype(float), shape, order) >= 0.5] = label
    return out


def resample(data, is_seg, new, axis):
    """resample_data_or_seg: order 3 (images) or per-label order 1 (segmentations); with a separate axis, slice by
    slice in-plane and order 0 along that axis."""
    fn, order = (resize_segmentation, 1) if is_seg else (resize, 3)
    out = []
    for d in data:
        if axis is None:
            out.append(fn(d, new, order))
            continue
        plane = [s for i, s in enumerate(new) if i != axis]
        r = np.stack([fn(np.take(d, i, axis=axis), plane, order).astype(np.float32) for i in range(d.shape[axis])], axis)
        if r.shape[axis] != new[axis]:
            grid = np.mgrid[:new[0], :new[1], :new[2]]
            coords = np.array([(r.shape[i] / new[i]) * (grid[i] + 0.5) - 0.5 for i in range(3)])
            r = ndi.map_coordinates(r, coords, order=0, mode="nearest")
        out.append(r)
    return np.stack(out).astype(np.float32)


def separate_z_axis(old, target):
    """The axis resampled separately (anisotropy above 3 in the old or the target spacing), or None."""
    for s in (old, target):
        if np.max(s) / np.min(s) > 3:
            axes = np.where(np.max(s) / np.array(s) == 1)[0]
            return int(axes[0]) if len(axes) == 1 else None
    return None


def resample_case(all_data, spacing, transpose, target_spacing, two_d):
    """The preprocessor up to normalisation for one stage: transpose, NaN -> 0, resample images and segmentation to
    the stage's spacing (2D stages keep the first axis), segmentation values below -1 -> 0. Works in place on views of
    all_data (as v1 does): pass a copy to keep it. Returns (data, seg)."""
    data = all_data[:-1].transpose((0, *[i + 1 for i in transpose]))
    seg = all_data[-1:].transpose((0, *[i + 1 for i in transpose]))
    old = spacing[transpose]
    target = np.array(target_spacing, dtype=float)
    if two_d:
        target[0] = old[0]
    data[np.isnan(data)] = 0
    new = np.round(old / target * np.array(data.shape[1:])).astype(int)
    if np.any(new != np.array(data.shape[1:])):
        axis = separate_z_axis(old, target)
        data, seg = resample(data, False, new, axis), resample(seg, True, new, axis)
    seg[seg < -1] = 0
    return data, seg
