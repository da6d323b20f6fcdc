"""The correctness commands in the candidate's process: validate a problem, build (load) a candidate, and
run a candidate through the five stages, writing its outputs for the judge (ko_judge), which compares them
in a process the candidate never ran in. The checks here (inputs unchanged, no aliasing, no patching) are
a first line; the verdict on the numbers is the judge's."""

import json
import math
import sys

import torch

from ko_guard import check_integrity, emit, fail
from ko_io import write_outputs
from ko_problem import load_candidate, sync
from ko_shapes import derive_shapes, is_pointwise
from ko_tensors import clone_args, flat, same_bits, storage_ptr

_dumps = json.dumps


def _reference_runs(prob, shape, seed):
    """The reference's outputs on a shape, or the exception it raised."""
    init, args = prob.inputs(shape, seed)
    m = prob.model(prob.ref_mod.Model, init, seed)
    with torch.no_grad():
        return flat(m(*args))


def cmd_validate(prob, seed, derive):
    """Problem-level checks before a run (no candidate code): shape variables exist, the reference runs on
    every shape; with `derive`, the shape sweep derived from model.py's sizes, and whether the model is pointwise."""
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
            out = _reference_runs(prob, case["shape"], seed)
            info.append({"shape": case["shape"], "outputs": [[list(o.shape), str(o.dtype).replace("torch.", "")] for o in out if isinstance(o, torch.Tensor)]})
            if any(not isinstance(o, torch.Tensor) for o in out):
                errors.append("model.py: Model.forward must return a tensor or a tuple of tensors")
        except Exception as e:  # noqa: BLE001 - reported to the user with the shape
            errors.append("%s: the reference fails on %s: %s: %s" % ("edgeShapes" if case["stage"] == "edge" else "shapes", _dumps(case["shape"]), type(e).__name__, e))
    result = {"ok": not errors, "errors": errors, "info": info, "torch": torch.__version__, "device": str(prob.device)}
    if errors:
        return result
    smallest = min((c["shape"] for c in prob.plan["cases"]), key=lambda s: sorted(s.values()))
    if derive:
        def runs_on(shape):
            try:
                _reference_runs(prob, shape, seed)
                return True
            except Exception:  # noqa: BLE001 - a derived shape the model does not take is left out
                return False
        names, shapes = derive_shapes(prob, seed, runs_on)
        prob.defaults.update({k: getattr(prob.ref_mod, k) for k in names})
        result["derived"] = {"shapeVars": names, "shapes": shapes}
        if shapes:
            smallest = min(shapes, key=lambda s: math.prod({**prob.defaults, **s}.values()))
    try:
        result["pointwise"] = is_pointwise(prob, smallest, seed)
    except Exception:  # noqa: BLE001 - a model the probe cannot perturb is treated as not pointwise
        result["pointwise"] = False
    return result


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


def _call(prob, model, args, stage, shape):
    try:
        with torch.no_grad():
            out = model(*args)
        sync(prob)
        return flat(out)
    except Exception as e:  # noqa: BLE001
        fail(stage, "raised %s: %s" % (type(e).__name__, str(e).strip()[:300]), shape)


def cmd_check(prob, seed, cand_dir, xfer):
    """Every case: the candidate on the case's inputs (for the determinism case twice, then twice more in the
    same buffers with a few values changed); its outputs written for the judge."""
    try:
        cls = load_candidate(cand_dir, prob)
    except Exception as e:  # noqa: BLE001
        fail("build", "does not load: %s: %s" % (type(e).__name__, e))
    check_integrity("build")
    written = []
    for i, case in enumerate(prob.plan["cases"]):
        stage, shape = case["stage"], case["shape"]
        case_seed = seed + 1000 * (i + 1)
        sys.stderr.write("case %d %s %s\n" % (i, stage, _dumps(shape)))
        try:
            init, args = prob.inputs(shape, case_seed, case.get("scale", 0), case.get("scaleValue", 1.0))
            ref_model = prob.model(prob.ref_mod.Model, init, case_seed)
            cand_model = prob.model(cls, init, case_seed, weights_from=ref_model)
        except Exception as e:  # noqa: BLE001
            fail(stage, "cannot construct the models: %s: %s" % (type(e).__name__, e), shape)
        pristine = clone_args(args)
        cand_args = clone_args(args)
        input_ptrs = {storage_ptr(a) for a in cand_args if isinstance(a, torch.Tensor)}
        out = _call(prob, cand_model, cand_args, stage, shape)
        check_integrity(stage)
        for j, (a, p) in enumerate(zip(cand_args, pristine)):
            if isinstance(a, torch.Tensor) and not same_bits(a, p):
                fail(stage, "wrote its input %d (inputs are hashed before and after the call; compute into a new tensor)" % j, shape)
        for o in out:
            if isinstance(o, torch.Tensor) and storage_ptr(o) in input_ptrs:
                fail(stage, "returns (a view of) an input instead of a new tensor", shape)
        entry = {"out": write_outputs(xfer, "c%d" % i, out)}
        if case.get("repeat"):
            entry["out2"] = write_outputs(xfer, "c%d-2" % i, _call(prob, cand_model, clone_args(args), stage, shape))
            for run in (1, 2):
                for a, p in zip(cand_args, prob.perturbed(shape, case_seed, args, run)):
                    if isinstance(a, torch.Tensor):
                        a.copy_(p)
                entry["moved%d" % run] = write_outputs(xfer, "c%d-m%d" % (i, run), _call(prob, cand_model, cand_args, stage, shape))
            check_integrity(stage)
        written.append(entry)
    emit({"ok": True, "cases": written})
