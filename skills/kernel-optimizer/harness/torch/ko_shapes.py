"""Problem facts found from the reference itself: a shape sweep derived from model.py's module-level
sizes (when no problem.json lists shapes), and whether the model is pointwise (for special values).

Used by validate, in a process that runs no candidate code.
"""

import torch

from ko_tensors import flat


def _prev_prime(n):
    """The largest prime <= n (at least 2)."""
    n = max(2, n)
    while n > 2 and any(n % d == 0 for d in range(2, int(n ** 0.5) + 1)):
        n -= 1
    return n


def size_variables(ref_mod):
    """The module-level integers get_inputs or get_init_inputs read (batch_size, dim ...)."""
    names = set()
    for fn in (getattr(ref_mod, "get_inputs", None), getattr(ref_mod, "get_init_inputs", None)):
        code = getattr(fn, "__code__", None)
        if code is not None:
            names.update(code.co_names)
    return {k: v for k, v in vars(ref_mod).items()
            if k in names and not k.startswith("_") and isinstance(v, int) and not isinstance(v, bool)}


def candidate_shapes(sizes):
    """Smaller shapes with odd, prime sizes: every size >= 4 near half, then near an eighth, then one
    size at a time (sizes below 4 are kernel sizes, strides or axes, and stay)."""
    varying = {k: v for k, v in sizes.items() if v >= 4}
    if not varying:
        return []
    half = {k: _prev_prime(v // 2) for k, v in varying.items()}
    eighth = {k: _prev_prime(max(3, v // 8)) for k, v in varying.items()}
    out = [half, eighth]
    for k in varying:
        out.append({k: half[k]})
    return out


def derive_shapes(prob, seed, runs_on, most=3):
    """Up to `most` derived shapes on which the reference runs (runs_on(shape) -> bool)."""
    sizes = size_variables(prob.ref_mod)
    found = []
    for shape in candidate_shapes(sizes):
        if len(found) >= most:
            break
        if shape not in found and runs_on(shape):
            found.append(shape)
    # largest first: the last is the smallest (smoke and stability run there)
    return sorted(sizes), sorted(found, key=lambda s: _elements({**sizes, **s}), reverse=True)


def _elements(shape):
    n = 1
    for v in shape.values():
        n *= max(1, v)
    return n


def is_pointwise(prob, shape, seed):
    """True when every output element depends only on the same element of a same-shaped input:
    changing one input value changes at most that output value (checked at three positions)."""
    init, args = prob.inputs(shape, seed)
    model = prob.model(prob.ref_mod.Model, init, seed)
    with torch.no_grad():
        base = flat(model(*args))
    if len(base) != 1 or not isinstance(base[0], torch.Tensor) or not base[0].is_floating_point():
        return False
    which = [i for i, a in enumerate(args) if isinstance(a, torch.Tensor) and a.is_floating_point() and a.shape == base[0].shape]
    if not which or base[0].numel() < 2:
        return False
    gen = torch.Generator().manual_seed(seed + 5)
    for _ in range(3):
        pos = int(torch.randint(base[0].numel(), (1,), generator=gen))
        moved = [a.clone() if isinstance(a, torch.Tensor) else a for a in args]
        for i in which:
            moved[i].view(-1)[pos] = moved[i].view(-1)[pos] * -1.5 + 0.75
        with torch.no_grad():
            out = flat(model(*moved))[0]
        changed = (out.reshape(-1) != base[0].reshape(-1)) & ~(torch.isnan(out.reshape(-1)) & torch.isnan(base[0].reshape(-1)))
        changed[pos] = False
        if bool(changed.any()):
            return False
    return True
