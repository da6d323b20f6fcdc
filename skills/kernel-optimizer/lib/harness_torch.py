"""Trusted harness of the kernel optimizer's torch and triton backends.

Runs KernelBench-style problems: the reference is a ``model.py`` with ``Model``, ``get_inputs`` and
``get_init_inputs``; a candidate is a Python file with ``ModelNew`` (same constructor arguments,
same forward signature). The candidate never checks or times itself: this program builds the
inputs, runs the candidate and the reference, compares, and times. One process per command, so a
candidate cannot leave state behind for the next one.

    python3 harness_torch.py PLAN.json validate [TEMPLATE_DIR]
    python3 harness_torch.py PLAN.json build CANDIDATE_DIR
    python3 harness_torch.py PLAN.json check CANDIDATE_DIR
    python3 harness_torch.py PLAN.json time CANDIDATE_DIR WHICH WARMUP ITERS FLUSH_BYTES
    python3 harness_torch.py PLAN.json peaks

PLAN.json is written by the skill (TypeScript) from the problem: the model file, device, threads,
the correctness cases (stage, shape-variable overrides, input scaling, tolerance relaxation), the
per-dtype tolerances and the timing shape. A candidate directory holds ``kernel.py`` and
``params.json`` (the tuned values, defined as module globals before the file runs, like ``-D``).
stdin carries ``{"seed": N, "nonce": "..."}``: the seed is never passed to the candidate, and the
nonce tags the one result line so that text a candidate prints cannot pass for a verdict. The
result is the last line of stdout, one JSON object.
"""

import copy
import hashlib
import importlib.util
import json
import os
import sys
import time
import traceback

# Bound before any candidate code runs: the harness keeps using these even if a candidate
# replaces the module attributes (and such a replacement is itself a rejection).
_perf_ns = time.perf_counter_ns
_dumps = json.dumps
_os_write = os.write
_os_exit = os._exit

NONCE = ""


def emit(obj):
    obj["nonce"] = NONCE
    _os_write(1, ("\n" + _dumps(obj) + "\n").encode())
    sys.stderr.flush()
    _os_exit(0)


def fail(stage, reason, shape=None):
    out = {"ok": False, "stage": stage, "reason": reason}
    if shape is not None:
        out["shape"] = shape
    emit(out)


try:
    import torch
except Exception as e:  # noqa: BLE001 - any import failure means the backend cannot run
    NONCE = ""
    emit({"ok": False, "stage": "setup", "reason": "torch is not importable: %s" % e})

_equal = torch.equal
_isfinite = torch.isfinite
_manual_seed = torch.manual_seed


def guarded_attributes():
    """Functions a candidate could patch to fool a checker or a timer."""
    pairs = [
        (time, "time", "perf_counter_ns"), (time, "time", "perf_counter"), (time, "time", "time"), (time, "time", "monotonic_ns"),
        (torch, "torch", "equal"), (torch, "torch", "allclose"), (torch, "torch", "isfinite"), (torch, "torch", "isclose"),
        (torch, "torch", "manual_seed"), (torch, "torch", "randn"), (torch, "torch", "rand"), (torch, "torch", "randint"),
        (torch.Tensor, "torch.Tensor", "clone"), (torch.Tensor, "torch.Tensor", "copy_"), (torch.Tensor, "torch.Tensor", "__eq__"),
        (torch.Tensor, "torch.Tensor", "double"), (torch.Tensor, "torch.Tensor", "abs"), (torch.Tensor, "torch.Tensor", "__sub__"),
        (torch.cuda, "torch.cuda", "synchronize"), (torch.cuda, "torch.cuda", "Event"),
        (torch.nn.Module, "torch.nn.Module", "__call__"), (torch.nn.Module, "torch.nn.Module", "state_dict"),
        (torch.nn.Module, "torch.nn.Module", "load_state_dict"), (copy, "copy", "deepcopy"),
        (os, "os", "write"), (os, "os", "_exit"), (json, "json", "dumps"),
    ]
    return [(owner, "%s.%s" % (label, name), name, getattr(owner, name, None)) for owner, label, name in pairs]


GUARDED = guarded_attributes()


REFERENCE = []  # (owner, label, name, original) of the reference module and its Model, filled once loaded


def snapshot_reference(module, shape_vars):
    """The reference's functions and classes (not the shape variables, which the harness sets)."""
    REFERENCE.extend((module, "model.py's " + k, k, v) for k, v in list(vars(module).items()) if not k.startswith("__") and k not in shape_vars)
    REFERENCE.extend((module.Model, "Model." + k, k, v) for k, v in list(vars(module.Model).items()) if not k.startswith("__"))


def check_integrity(stage):
    for owner, label, name, original in GUARDED + REFERENCE:
        if getattr(owner, name, None) is not original and vars(owner).get(name, None) is not original:
            fail(stage, "the candidate replaced %s (the harness's and the reference's code must not be patched)" % label)


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
        self.defaults = {k: getattr(self.ref_mod, k) for k in p.get("shapeVars", []) if hasattr(self.ref_mod, k)}
        # the candidate cannot import the reference by name, and patching it is detected
        sys.modules.pop("ko_reference", None)
        snapshot_reference(self.ref_mod, set(p.get("shapeVars", [])))

    def tolerance(self, dtype):
        tol = self.plan["tolerance"]
        name = str(dtype).replace("torch.", "")
        return tol.get(name) or tol.get("default")

    def inputs(self, shape, seed, scale=0, scale_value=1.0):
        """(init args, forward args) for a shape, seeded; float inputs scaled for the stability stage."""
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
                a = a.to(self.device).contiguous()
            out.append(a)
        return init, out

    def model(self, cls, init, seed, weights_from=None):
        _manual_seed(seed + 3)
        m = cls(*init)
        if weights_from is not None:
            src = weights_from.state_dict()
            dst = m.state_dict()
            if src.keys() == dst.keys() and all(src[k].shape == dst[k].shape for k in src):
                m.load_state_dict(src)
        return m.to(self.device).eval()


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
        r64 = r.detach().cpu().double()
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


def reference_outputs(ref_model, args):
    """The reference's result at its own precision, and in float64 (the yardstick) where the model allows."""
    with torch.no_grad():
        native = ref_model(*clone_args(args))
        try:
            hi = copy.deepcopy(ref_model).double()(*to_double(clone_args(args)))
        except Exception:  # noqa: BLE001 - a model without float64 support is compared at its own precision
            hi = native
    return native, hi


def load_candidate(cand_dir, prob):
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


def cmd_validate(prob, seed, template_dir):
    """Problem-level checks before a run: shape variables exist, the reference runs on every shape."""
    errors = []
    for k in prob.plan.get("shapeVars", []):
        v = getattr(prob.ref_mod, k, None)
        if not isinstance(v, int) or isinstance(v, bool):
            errors.append("shapes: model.py has no module-level integer %r to set (shape variables are the module globals get_inputs reads)" % k)
    if errors:
        emit({"ok": False, "errors": errors})
    info = []
    for i, case in enumerate(prob.plan["cases"]):
        if case["stage"] not in ("shape-sweep", "edge"):
            continue
        try:
            init, args = prob.inputs(case["shape"], seed)
            m = prob.model(prob.ref_mod.Model, init, seed)
            with torch.no_grad():
                out = flat(m(*args))
            info.append({"shape": case["shape"], "outputs": [[list(o.shape), str(o.dtype).replace("torch.", "")] for o in out if isinstance(o, torch.Tensor)]})
            if any(not isinstance(o, torch.Tensor) for o in out):
                errors.append("model.py: Model.forward must return a tensor or a tuple of tensors")
        except Exception as e:  # noqa: BLE001 - reported to the user with the shape
            errors.append("%s: the reference fails on %s: %s: %s" % ("edgeShapes" if case["stage"] == "edge" else "shapes", _dumps(case["shape"]), type(e).__name__, e))
    if template_dir and not errors:
        try:
            cls = load_candidate(template_dir, prob)
            init, args = prob.inputs(prob.plan["cases"][0]["shape"], seed)
            prob.model(cls, init, seed)
        except Exception as e:  # noqa: BLE001
            errors.append("template: the starting candidate does not load: %s: %s" % (type(e).__name__, e))
    emit({"ok": not errors, "errors": errors, "info": info, "torch": torch.__version__, "device": str(prob.device)})


def cmd_build(prob, seed, cand_dir):
    try:
        cls = load_candidate(cand_dir, prob)
        check_integrity("build")
        init, _ = prob.inputs(prob.plan["cases"][0]["shape"], seed)
        prob.model(cls, init, seed)
    except SyntaxError as e:
        emit({"ok": False, "reason": "does not compile: kernel.py line %s: %s" % (e.lineno, e.msg)})
    except Exception as e:  # noqa: BLE001 - any failure to load is the candidate's
        emit({"ok": False, "reason": "does not load: %s: %s" % (type(e).__name__, str(e).strip().splitlines()[-1][:300] if str(e).strip() else "")})
    check_integrity("build")
    emit({"ok": True})


def cmd_check(prob, seed, cand_dir):
    try:
        cls = load_candidate(cand_dir, prob)
    except Exception as e:  # noqa: BLE001
        fail("build", "does not load: %s: %s" % (type(e).__name__, e))
    check_integrity("build")
    worst = 0.0
    seen = {}  # shape -> (input digest, output digest) of the previous case: a cached answer repeats its output
    for i, case in enumerate(prob.plan["cases"]):
        stage, shape = case["stage"], case["shape"]
        sys.stderr.write("case %d %s %s\n" % (i, stage, _dumps(shape)))
        sys.stderr.flush()
        case_seed = seed + 1000 * (i + 1)
        try:
            init, args = prob.inputs(shape, case_seed, case.get("scale", 0), case.get("scaleValue", 1.0))
            ref_model = prob.model(prob.ref_mod.Model, init, case_seed)
            cand_model = prob.model(cls, init, case_seed, weights_from=ref_model)
        except Exception as e:  # noqa: BLE001
            fail(stage, "cannot construct the models: %s: %s" % (type(e).__name__, e), shape)
        pristine = clone_args(args)
        cand_args = clone_args(args)
        input_ptrs = {storage_ptr(a) for a in cand_args if isinstance(a, torch.Tensor)}
        try:
            with torch.no_grad():
                out = cand_model(*cand_args)
                out2 = cand_model(*clone_args(args)) if case.get("repeat") else None
            sync(prob)
        except Exception as e:  # noqa: BLE001
            fail(stage, "raised %s: %s" % (type(e).__name__, str(e).strip()[:300]), shape)
        check_integrity(stage)
        for j, (a, p) in enumerate(zip(cand_args, pristine)):
            if isinstance(a, torch.Tensor) and not _equal(a, p):
                fail(stage, "wrote its input %d (inputs are hashed before and after the call; compute into a new tensor)" % j, shape)
        outs = flat(out)
        for o in outs:
            if isinstance(o, torch.Tensor) and storage_ptr(o) in input_ptrs:
                fail(stage, "returns (a view of) an input instead of a new tensor", shape)
        ref_out, ref_hi = reference_outputs(ref_model, args)
        sync(prob)
        key = _dumps(shape, sort_keys=True)
        in_digest, out_digest = digest(args), digest(outs)
        prev = seen.get(key)
        if prev and prev[0] != in_digest and prev[1] == out_digest and digest(flat(ref_out)) != prev[2]:
            fail(stage, "returned the same output as for different earlier inputs (a cached answer)", shape)
        seen[key] = (in_digest, out_digest, digest(flat(ref_out)))
        outs_ref = flat(ref_out)
        tol = prob.tolerance(outs_ref[0].dtype if outs_ref and isinstance(outs_ref[0], torch.Tensor) else "default")
        relax = case.get("relax", 1)
        reason, w = compare(out, ref_out, ref_hi, tol, relax, stage == "stability")
        if reason:
            fail(stage, reason, shape)
        worst = max(worst, w)
        if out2 is not None:
            o1, o2 = flat(out), flat(out2)
            if prob.plan.get("deterministic", True):
                for a, b in zip(o1, o2):
                    if not same_bits(a, b):
                        fail(stage, "two runs on the same inputs differ (the problem requires bitwise-equal results; set \"deterministic\": false for atomics)", shape)
            else:
                reason, _ = compare(out2, ref_out, ref_hi, tol, relax, False)
                if reason:
                    fail(stage, "the repeated run is wrong: " + reason, shape)
    emit({"ok": True, "maxErrRatio": worst})


def cmd_time(prob, seed, cand_dir, which, warmup, iters, flush_bytes):
    shape = prob.plan["timingShape"]
    cls = prob.ref_mod.Model
    if which == 1:
        try:
            cls = load_candidate(cand_dir, prob)
        except Exception as e:  # noqa: BLE001
            emit({"ok": False, "reason": "does not load: %s" % e})
    check_integrity("timing")
    init, args = prob.inputs(shape, seed)
    _, other = prob.inputs(shape, seed + 7)
    _, last = prob.inputs(shape, seed + 11)
    ref_model = prob.model(prob.ref_mod.Model, init, seed)
    m = ref_model if which == 0 else prob.model(cls, init, seed, weights_from=ref_model)
    # two alternating input sets, and a third, never seen before, for the last call (which is verified)
    pools = [clone_args(args), clone_args(other), clone_args(last)]
    bufs = clone_args(args)
    cuda = prob.device.type == "cuda"
    if cuda:
        l2 = getattr(torch.cuda.get_device_properties(prob.device), "L2_cache_size", 0) or (64 << 20)
        flush = torch.empty(max(2 * l2, flush_bytes) // 4, dtype=torch.float32, device=prob.device)
    else:
        flush = torch.empty(flush_bytes // 4, dtype=torch.float32) if flush_bytes > 0 else None
    ns = []
    out = None
    try:
        with torch.no_grad():
            for i in range(warmup + iters):
                # fresh contents in the same buffers before every call: a result cached by address is stale
                src = pools[2] if i == warmup + iters - 1 else pools[i % 2]
                for b, s in zip(bufs, src):
                    if isinstance(b, torch.Tensor):
                        b.copy_(s)
                if flush is not None:
                    flush.fill_(float(i))
                if cuda:
                    torch.cuda.synchronize()
                    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                    start.record()
                    out = m(*bufs)
                    # every stream's work must be finished before the end is recorded
                    torch.cuda.synchronize()
                    end.record()
                    end.synchronize()
                    t = int(start.elapsed_time(end) * 1e6)
                else:
                    t0 = _perf_ns()
                    out = m(*bufs)
                    t = _perf_ns() - t0
                if i >= warmup:
                    ns.append(t)
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "reason": "raised %s while timed: %s" % (type(e).__name__, str(e).strip()[:300])})
    check_integrity("timing")
    if which == 1:
        # the last timed call must be right for the inputs it was given
        expect, expect_hi = reference_outputs(ref_model, bufs)
        outs = flat(expect)
        tol = prob.tolerance(outs[0].dtype if outs and isinstance(outs[0], torch.Tensor) else "default")
        reason, _ = compare(out, expect, expect_hi, tol, 1, False)
        if reason:
            emit({"ok": False, "reason": "the last timed call's result is wrong (%s): results reused between calls?" % reason})
    emit({"ok": True, "ns": ns, "threads": torch.get_num_threads(), "flushBytes": int(flush.numel() * 4) if flush is not None else 0})


def cmd_peaks(prob):
    """Measured device-to-device copy bandwidth (GB/s, bytes read + written), for % of roofline."""
    cuda = prob.device.type == "cuda"
    n = (1 << 28) if cuda else (1 << 25)
    a = torch.ones(n, dtype=torch.float32, device=prob.device)
    b = torch.empty_like(a)
    best = []
    for _ in range(25):
        sync(prob)
        t0 = _perf_ns()
        b.copy_(a)
        sync(prob)
        best.append(_perf_ns() - t0)
    best.sort()
    med = best[len(best) // 2]
    name = torch.cuda.get_device_name(prob.device) if cuda else "cpu"
    emit({"ok": True, "bandwidthGBs": 2 * 4 * n / med, "device": name, "method": "torch copy_ of %d MiB, median of 25" % (4 * n >> 20)})


def main():
    global NONCE
    argv = sys.argv[1:]
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        _os_exit(2)
    try:
        stdin = json.loads(sys.stdin.read() or "{}")
    except ValueError:
        stdin = {}
    NONCE = str(stdin.get("nonce", ""))
    seed = int(stdin.get("seed", 1)) % (1 << 31)
    try:
        prob = Problem(argv[0])
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "stage": "setup", "reason": "%s: %s" % (type(e).__name__, e), "errors": ["model.py: %s: %s" % (type(e).__name__, e)]})
    cmd = argv[1]
    try:
        if cmd == "validate":
            cmd_validate(prob, seed, argv[2] if len(argv) > 2 else None)
        elif cmd == "build":
            cmd_build(prob, seed, argv[2])
        elif cmd == "check":
            cmd_check(prob, seed, argv[2])
        elif cmd == "time":
            cmd_time(prob, seed, argv[2], int(argv[3]), int(argv[4]), int(argv[5]), int(argv[6]))
        elif cmd == "peaks":
            cmd_peaks(prob)
        else:
            emit({"ok": False, "stage": "setup", "reason": "unknown command %r" % cmd})
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - the harness's own failure, reported with its trace
        traceback.print_exc()
        emit({"ok": False, "stage": "harness", "reason": "%s: %s" % (type(e).__name__, e)})


if __name__ == "__main__":
    main()
