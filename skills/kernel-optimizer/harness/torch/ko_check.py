"""The harness's correctness commands: validate a problem, build (load) a candidate, check it through the five stages."""

import json
import sys

import torch

from ko_guard import check_integrity, emit, fail
from ko_problem import load_candidate, sync
from ko_tensors import clone_args, compare, digest, equal, flat, reference_outputs, same_bits, storage_ptr

_dumps = json.dumps


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
    for case in prob.plan["cases"]:
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
    return {"ok": not errors, "errors": errors, "info": info, "torch": torch.__version__, "device": str(prob.device)}


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


def _run_candidate(prob, cls, case, case_seed):
    """One case: the candidate run (twice when the case says so) on copies of the inputs, and the inputs as they were."""
    stage, shape = case["stage"], case["shape"]
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
        if isinstance(a, torch.Tensor) and not equal(a, p):
            fail(stage, "wrote its input %d (inputs are hashed before and after the call; compute into a new tensor)" % j, shape)
    for o in flat(out):
        if isinstance(o, torch.Tensor) and storage_ptr(o) in input_ptrs:
            fail(stage, "returns (a view of) an input instead of a new tensor", shape)
    return ref_model, args, out, out2


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
        ref_model, args, out, out2 = _run_candidate(prob, cls, case, seed + 1000 * (i + 1))
        ref_out, ref_hi = reference_outputs(ref_model, args)
        sync(prob)
        key = _dumps(shape, sort_keys=True)
        in_digest, out_digest = digest(args), digest(flat(out))
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
            if prob.plan.get("deterministic", True):
                for a, b in zip(flat(out), flat(out2)):
                    if not same_bits(a, b):
                        fail(stage, "two runs on the same inputs differ (the problem requires bitwise-equal results; set \"deterministic\": false for atomics)", shape)
            else:
                reason, _ = compare(out2, ref_out, ref_hi, tol, relax, False)
                if reason:
                    fail(stage, "the repeated run is wrong: " + reason, shape)
    emit({"ok": True, "maxErrRatio": worst})
