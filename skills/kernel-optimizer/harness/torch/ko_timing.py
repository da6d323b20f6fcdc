"""The harness's timing commands: time the reference or a candidate (the last call verified), and the device's copy bandwidth."""

import time

import torch

from ko_guard import check_integrity, emit
from ko_problem import load_candidate, sync
from ko_tensors import clone_args, compare, flat, reference_outputs

# bound before any candidate code runs, like the functions in ko_guard
_perf_ns = time.perf_counter_ns


def _timed_calls(prob, m, pools, bufs, warmup, iters, flush):
    """warmup + iters calls on fresh inputs each; the durations of the timed ones and the last output."""
    cuda = prob.device.type == "cuda"
    ns = []
    out = None
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
    return ns, out


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
    if prob.device.type == "cuda":
        l2 = getattr(torch.cuda.get_device_properties(prob.device), "L2_cache_size", 0) or (64 << 20)
        flush = torch.empty(max(2 * l2, flush_bytes) // 4, dtype=torch.float32, device=prob.device)
    else:
        flush = torch.empty(flush_bytes // 4, dtype=torch.float32) if flush_bytes > 0 else None
    try:
        ns, out = _timed_calls(prob, m, pools, bufs, warmup, iters, flush)
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
