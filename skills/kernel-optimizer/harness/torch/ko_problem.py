"""The problem as the harness sees it: the plan, the reference module, inputs per shape, models."""

import importlib.util
import json
import os
import sys

import torch

from ko_guard import guard_module

_manual_seed = torch.manual_seed


def load_module(path, name, predefined=None):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError("cannot load %s" % path)
    module = importlib.util.module_from_spec(spec)
    if predefined:
        module.__dict__.update(predefined)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Problem:
    def __init__(self, plan_path):
        with open(plan_path) as f:
            self.plan = json.load(f)
        p = self.plan
        self.device = torch.device(p["device"])
        if p.get("threads"):
            torch.set_num_threads(int(p["threads"]))
        self.ref_mod = load_module(os.path.join(os.path.dirname(os.path.abspath(plan_path)), p["model"]), "ko_reference")
        for attr in ("Model", "get_inputs", "get_init_inputs"):
            if not hasattr(self.ref_mod, attr):
                raise LookupError("model.py defines no %s (a KernelBench-style problem needs Model, get_inputs and get_init_inputs)" % attr)
        shape_vars = p.get("shapeVars", [])
        self.defaults = {k: getattr(self.ref_mod, k) for k in shape_vars if hasattr(self.ref_mod, k)}
        # the candidate cannot import the reference by name, and patching it is detected
        sys.modules.pop("ko_reference", None)
        # the reference's functions and classes, not the shape variables (which the harness sets)
        guard_module(self.ref_mod, "model.py's ", skip=set(shape_vars))
        guard_module(self.ref_mod.Model, "Model.")

    def tolerance(self, dtype):
        tol = self.plan["tolerance"]
        name = str(dtype).replace("torch.", "")
        return tol.get(name) or tol.get("default")

    def inputs(self, shape, seed, scale=0, scale_value=1.0):
        """(init args, forward args) for a shape, seeded; float inputs scaled for the stability stage.

        Scales: 0 as get_inputs makes them, 1 times the large value, 2 times the small value, 3 mixed
        magnitudes (10^-3..10^3), 4 zeros, 5 random signs (beyond a distribution that is all >= 0),
        6 special values (+-0, +-inf, nan) at a few positions among random signs.
        """
        for k, v in self.defaults.items():
            setattr(self.ref_mod, k, v)
        for k, v in (shape or {}).items():
            setattr(self.ref_mod, k, v)
        _manual_seed(seed)
        init = list(self.ref_mod.get_init_inputs())
        _manual_seed(seed + 1)
        args = list(self.ref_mod.get_inputs())
        gen = torch.Generator().manual_seed(seed + 2)
        out = []
        for a in args:
            if isinstance(a, torch.Tensor):
                a = a.detach()
                if a.is_floating_point():
                    if scale == 1 or scale == 2:
                        a = a * scale_value
                    elif scale == 3:
                        a = a * torch.pow(10.0, torch.rand(a.shape, generator=gen) * 6 - 3).to(a.device, a.dtype)
                    elif scale == 4:
                        a = torch.zeros_like(a)
                    elif scale in (5, 6):
                        a = _signs(a, gen)
                        if scale == 6:
                            a = _specials(a, gen)
                a = a.to(self.device).contiguous()
            out.append(a)
        return init, out

    def perturbed(self, shape, seed, args, run):
        """The same inputs with a few values (0.5%, at least one, at random positions) replaced: a run in the
        same buffers then needs a new answer, which an answer memoized on the address, or on a few sampled
        values that happen not to change, does not give. `run` picks the positions."""
        _, other = self.inputs(shape, seed + 999 + 10 * run)
        gen = torch.Generator().manual_seed(seed + 998 + 10 * run)
        out = []
        for a, b in zip(args, other):
            if isinstance(a, torch.Tensor) and a.numel():
                n = a.numel()
                pos = torch.randperm(n, generator=gen)[: max(1, n // 200)].to(a.device)
                moved = a.reshape(-1).clone()
                moved[pos] = b.reshape(-1)[pos]
                out.append(moved.reshape(a.shape))
            else:
                out.append(a)
        return out

    def model(self, cls, init, seed, weights_from=None):
        _manual_seed(seed + 3)
        m = cls(*init)
        if weights_from is not None:
            src = weights_from.state_dict()
            dst = m.state_dict()
            if src.keys() == dst.keys() and all(src[k].shape == dst[k].shape for k in src):
                m.load_state_dict(src)
        return m.to(self.device).eval()


def call_seed(seed, i):
    """The seed of timed call i's inputs: fresh contents for every call, reproducible by the judge."""
    return (seed * 1000003 + 7919 * (i + 1)) % (1 << 31)


def _signs(a, gen):
    # One element of each consecutive pair negative, which one at random: both signs even in a tiny
    # tensor (independent coin flips can leave a 7-element input all non-negative).
    n = a.numel()
    first = torch.rand((n + 1) // 2, generator=gen) < 0.5
    negative = torch.stack([first, ~first], dim=1).reshape(-1)[:n].reshape(a.shape)
    sign = torch.where(negative, -1.0, 1.0).to(a.device, a.dtype)
    return a * sign


def _specials(a, gen):
    """About 1% each of +0, -0, +inf, -inf and nan, at random positions."""
    flat = a.reshape(-1).clone()
    n = flat.numel()
    k = max(1, n // 100)
    pos = torch.randperm(n, generator=gen)[: min(n, 5 * k)].to(a.device)
    for j, v in enumerate((0.0, -0.0, float("inf"), float("-inf"), float("nan"))):
        flat[pos[j * k:(j + 1) * k]] = v
    return flat.reshape(a.shape)


def load_candidate(cand_dir, prob):
    """The candidate's model class from CANDIDATE_DIR/kernel.py, with params.json's values as module globals (like -D)."""
    with open(os.path.join(cand_dir, "params.json")) as f:
        params = json.load(f)
    mod = load_module(os.path.join(cand_dir, "kernel.py"), "ko_candidate", params)
    cls = getattr(mod, prob.plan.get("className", "ModelNew"), None)
    if cls is None:
        raise LookupError("kernel.py defines no class %s (the candidate model, same constructor and forward as Model)" % prob.plan.get("className", "ModelNew"))
    return cls


def sync(prob):
    if prob.device.type == "cuda":
        torch.cuda.synchronize()
