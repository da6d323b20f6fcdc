"""Comparing a candidate's outputs with the reference's (in the judge's process): tolerances, nan/inf positions, fingerprints, aliasing."""

import copy
import hashlib

import torch

_equal = torch.equal
_isfinite = torch.isfinite


def flat(value):
    """The tensors of a forward result, in order (a tensor, or a tuple/list of tensors)."""
    if isinstance(value, (tuple, list)):
        out = []
        for v in value:
            out.extend(flat(v))
        return out
    return [value]


def unravel(index, shape):
    pos = []
    for n in reversed(shape):
        pos.append(index % n if n else 0)
        index = index // n if n else 0
    return list(reversed(pos))


def same_bits(a, b):
    return _equal(a.detach().contiguous().cpu().view(torch.uint8), b.detach().contiguous().cpu().view(torch.uint8))


def equal(a, b):
    return _equal(a, b)


def storage_ptr(t):
    try:
        return t.untyped_storage().data_ptr()
    except AttributeError:
        return t.storage().data_ptr()


def digest(tensors):
    h = hashlib.sha256()
    for t in tensors:
        if isinstance(t, torch.Tensor):
            c = t.detach().contiguous().cpu()
            h.update(str(c.dtype).encode())
            h.update(str(tuple(c.shape)).encode())
            h.update(c.view(torch.uint8).numpy().tobytes() if c.numel() else b"")
        else:
            h.update(repr(t).encode())
    return h.hexdigest()


def clone_args(args):
    return [a.clone() if isinstance(a, torch.Tensor) else a for a in args]


def to_double(args):
    return [a.double() if isinstance(a, torch.Tensor) and a.is_floating_point() else a for a in args]


def compare(cand, ref, ref_hi, tol, relax, global_scale):
    """None when the candidate's outputs match, else the reason (and the worst error ratio)."""
    cs, rs, hs = flat(cand), flat(ref), flat(ref_hi)
    if len(cs) != len(rs):
        return "returns %d output(s), the reference %d" % (len(cs), len(rs)), 0.0
    worst = 0.0
    for i, (c, r, h) in enumerate(zip(cs, rs, hs)):
        label = "output" if len(cs) == 1 else "output %d" % i
        if type(c) is not torch.Tensor:
            return "%s is a %s, not a plain torch.Tensor" % (label, type(c).__name__), worst
        if tuple(c.shape) != tuple(r.shape):
            return "%s has shape %s, the reference %s" % (label, tuple(c.shape), tuple(r.shape)), worst
        if c.dtype != r.dtype:
            return "%s has dtype %s, the reference %s" % (label, c.dtype, r.dtype), worst
        if c.device != r.device:
            return "%s is on %s, the inputs on %s" % (label, c.device, r.device), worst
        c64 = c.detach().cpu().double()
        h64 = h.detach().cpu().double()
        if not c.is_floating_point():
            if not _equal(c.detach().cpu(), r.detach().cpu()):
                idx = (c.detach().cpu() != r.detach().cpu()).nonzero()[0].tolist()
                return "%s differs at %s (integers must match exactly)" % (label, idx), worst
            continue
        finite = _isfinite(h64)
        r64 = r.detach().cpu().double()
        # where the float64 reference and the reference at its own precision agree on a nan or an
        # infinity, the candidate must give the same (a kernel that drops or invents them is wrong)
        lost = (torch.isnan(h64) & torch.isnan(r64) & ~torch.isnan(c64)) | (torch.isinf(h64) & (r64 == h64) & (c64 != h64))
        if lost.any():
            idx = lost.nonzero()[0].tolist()
            return "%s is %s at %s where the reference is %s" % (label, c64[tuple(idx)].item(), idx, h64[tuple(idx)].item()), worst
        bad = ~_isfinite(c64) & finite
        if bad.any():
            idx = bad.nonzero()[0].tolist()
            return "%s is %s at %s where the reference is %.6g" % (label, c64[tuple(idx)].item(), idx, h64[tuple(idx)].item()), worst
        # where the reference itself overflows, anything goes (a more stable candidate is welcome)
        nf = ~finite
        if not bool(finite.any()):
            continue
        atol, rtol = tol["atol"] * relax, tol["rtol"] * relax
        err = (c64 - h64).abs()
        scale = h64.abs().masked_fill(nf, 0)
        if global_scale:
            scale = torch.full_like(scale, float(scale.max()))
        # a candidate may be as far from the float64 result as twice the reference's own error at
        # its precision (a long fp32 reduction such as a matmul cannot do better than PyTorch does)
        both = finite & _isfinite(r64)
        own = float((r64 - h64).abs().masked_fill(~both, 0).max()) if r is not h else 0.0
        slack = 2 * own
        bound = torch.clamp(atol + rtol * scale, min=slack)
        ratio = torch.where(finite, err / bound.clamp_min(1e-300), torch.zeros_like(err))
        m = float(ratio.max())
        worst = max(worst, m)
        if m > 1.0:
            idx = ratio.argmax().item()
            pos = unravel(idx, list(c64.shape))
            return "%s[%s] = %.9g, expected %.9g (|diff| %.3g > atol %.3g + rtol %.3g x %.3g, and > %.3g, twice the reference's own error)" % (
                label, ",".join(map(str, pos)), c64.reshape(-1)[idx].item(), h64.reshape(-1)[idx].item(),
                err.reshape(-1)[idx].item(), atol, rtol, scale.reshape(-1)[idx].item(), slack), worst
    return None, worst


def reference_outputs(ref_model, args, native=None, hi=True):
    """The reference's result at its own precision (unless given), and in float64 (the yardstick) where the
    model allows; with hi=False only the first."""
    with torch.no_grad():
        if native is None:
            native = ref_model(*clone_args(args))
        if not hi:
            return native
        try:
            high = copy.deepcopy(ref_model).double()(*to_double(clone_args(args)))
        except Exception:  # noqa: BLE001 - a model without float64 support is compared at its own precision
            high = native
    return native, high
