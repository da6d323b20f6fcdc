"""The judge: compares a candidate's outputs with the reference in a process the candidate never ran in.

Forked from the worker after the candidate's process has ended. It regenerates every case's inputs (and
every verified timed call's) from the seed, runs the reference at its own precision and in float64, reads
the candidate's outputs (raw bytes, ko_io) and decides. Nothing the candidate did can reach this code.
"""

import torch

from ko_guard import emit, fail
from ko_io import read_output
from ko_problem import call_seed
from ko_tensors import compare, digest, flat, reference_outputs, same_bits

def _cpu(values):
    return [v.detach().cpu() if isinstance(v, torch.Tensor) else v for v in flat(values)]


def _judge(out, ref_model, args, native, tol, relax, global_scale):
    """compare() against the float64 reference, computed only when needed: within half the tolerance of
    the reference at its own precision, a result is within the full rule (|c - r| <= tol/2 and the
    reference's own error e give |c - hi| <= tol/2 + e <= max(tol, 2e)), so float64 is skipped."""
    ref_c = _cpu(native)
    reason, w = compare(out, ref_c, ref_c, tol, relax / 2, global_scale)
    if reason is None:
        return None, w / 2
    _, hi = reference_outputs(ref_model, args, native)
    return compare(out, ref_c, _cpu(hi), tol, relax, global_scale)


def _outputs(xfer, headers, ref, stage, shape):
    """The candidate's outputs as tensors, or a rejection for what the bytes cannot show (type, device, laziness)."""
    if not isinstance(headers, list):
        fail(stage, "the candidate's process reported no outputs", shape)
    refs = flat(ref)
    out = []
    for j, h in enumerate(headers):
        label = "output" if len(headers) == 1 else "output %d" % j
        if not isinstance(h, dict) or h.get("kind") != "Tensor":
            fail(stage, "%s is a %s, not a plain torch.Tensor" % (label, h.get("kind") if isinstance(h, dict) else "?"), shape)
        r = refs[j] if j < len(refs) and isinstance(refs[j], torch.Tensor) else None
        if r is not None and h.get("device") != r.device.type:
            fail(stage, "%s is on %s, the inputs on %s" % (label, h.get("device"), r.device.type), shape)
        numel = 1
        for n in h.get("shape", []):
            numel *= int(n)
        holds = int(h.get("storageBytes", 0)) >= numel * int(h.get("itemBytes", 1))
        if numel > 1 and not holds and r is not None and r.stride() and 0 not in r.stride():
            fail(stage, "%s does not hold its values (an expanded, zero-stride or lazily computed tensor); return a tensor with its own storage" % label, shape)
        t, why = read_output(xfer, h)
        if t is None:
            fail(stage, why, shape)
        out.append(t)
    return out


def judge_check(prob, seed, xfer, result):
    """Every case of the plan, as the candidate's process ran it (ko_check.cmd_check)."""
    cases = result.get("cases")
    if not isinstance(cases, list) or len(cases) != len(prob.plan["cases"]):
        fail("smoke", "the candidate's process reported %s cases of %d" % (len(cases) if isinstance(cases, list) else "no", len(prob.plan["cases"])))
    worst = 0.0
    seen = {}  # shape -> digests of the previous case: a cached answer repeats its output for new inputs
    for i, (case, entry) in enumerate(zip(prob.plan["cases"], cases)):
        stage, shape = case["stage"], case["shape"]
        case_seed = seed + 1000 * (i + 1)
        init, args = prob.inputs(shape, case_seed, case.get("scale", 0), case.get("scaleValue", 1.0))
        ref_model = prob.model(prob.ref_mod.Model, init, case_seed)
        native = reference_outputs(ref_model, args, hi=False)
        entry = entry if isinstance(entry, dict) else {}
        out = _outputs(xfer, entry.get("out"), native, stage, shape)
        ref_c = _cpu(native)
        key = repr(sorted(shape.items()))
        in_digest, out_digest, ref_digest = digest(args), digest(out), digest(ref_c)
        prev = seen.get(key)
        if prev and prev[0] != in_digest and prev[1] == out_digest and ref_digest != prev[2]:
            fail(stage, "returned the same output as for different earlier inputs (a cached answer)", shape)
        seen[key] = (in_digest, out_digest, ref_digest)
        tol = prob.tolerance(ref_c[0].dtype if ref_c and isinstance(ref_c[0], torch.Tensor) else "default")
        relax = case.get("relax", 1)
        reason, w = _judge(out, ref_model, args, native, tol, relax, stage == "stability")
        if reason:
            fail(stage, reason, shape)
        worst = max(worst, w)
        if case.get("repeat"):
            out2 = _outputs(xfer, entry.get("out2"), native, stage, shape)
            if prob.plan.get("deterministic", True):
                if len(out2) != len(out) or not all(same_bits(a, b) for a, b in zip(out, out2)):
                    fail(stage, "two runs on the same inputs differ (the problem requires bitwise-equal results; set \"deterministic\": false for atomics)", shape)
            else:
                reason, _ = _judge(out2, ref_model, args, native, tol, relax, False)
                if reason:
                    fail(stage, "the repeated run is wrong: " + reason, shape)
            for run in (1, 2):
                moved = prob.perturbed(shape, case_seed, args, run)
                native3 = reference_outputs(ref_model, moved, hi=False)
                out3 = _outputs(xfer, entry.get("moved%d" % run), native3, stage, shape)
                reason, _ = _judge(out3, ref_model, moved, native3, tol, relax, False)
                if reason:
                    fail(stage, "a run in the same input buffers with a few values changed is wrong (an answer memoized on the address or on a few sampled values?): %s" % reason, shape)
    emit({"ok": True, "maxErrRatio": worst})


def judge_time(prob, seed, xfer, result, warmup, iters):
    """The timed calls the worker picked (each after it had returned), against the reference on the same regenerated inputs."""
    shape = prob.plan["timingShape"]
    kept = result.get("kept")
    picks = result.get("picks")
    if not isinstance(kept, list) or not isinstance(picks, list) or sorted(k[0] if isinstance(k, list) and k else -1 for k in kept) != picks:
        emit({"ok": False, "reason": "the candidate's process did not keep the results of the timed calls the harness picked for verification"})
    init, _ = prob.inputs(shape, seed)
    ref_model = prob.model(prob.ref_mod.Model, init, seed)
    checked = []
    for i, headers in sorted(kept):
        _, args = prob.inputs(shape, call_seed(seed, i))
        native = reference_outputs(ref_model, args, hi=False)
        ref_c = _cpu(native)
        out = _outputs(xfer, headers, native, "timing", shape)
        tol = prob.tolerance(ref_c[0].dtype if ref_c and isinstance(ref_c[0], torch.Tensor) else "default")
        reason, _ = _judge(out, ref_model, args, native, tol, 1, False)
        if reason:
            emit({"ok": False, "reason": "timed call %d of %d returned a wrong result (%s): results reused between calls, or work left out of some calls?" % (i - warmup + 1, iters, reason)})
        checked.append(i)
    emit({"ok": True, "verified": checked})
