"""The timing commands in the candidate's process: time the reference or a candidate on fresh inputs every
call, keep the results of the calls the worker picks (asked after each call returned) for the judge, and
measure the device's copy bandwidth."""

import threading
import time

import torch

from ko_guard import ask_keep, check_integrity, emit
from ko_io import write_outputs
from ko_problem import call_seed, load_candidate, sync
from ko_tensors import flat, storage_ptr

# bound before any candidate code runs, like the functions in ko_guard
_perf_ns = time.perf_counter_ns
_active_threads = threading.active_count

def llc_bytes():
    """The last-level cache this process sees (per core group: cpu0's L3, else L2), 0 when unknown."""
    for index in ("index3", "index2"):
        try:
            with open("/sys/devices/system/cpu/cpu0/cache/%s/size" % index) as f:
                text = f.read().strip()
        except OSError:
            continue
        mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:].upper(), 1)
        return int(text.rstrip("KMGkmg")) * mult
    return 0


def _flush_buffer(prob, data_bytes):
    """One buffer written before every timed call, when the data would otherwise stay in the cache: twice the
    cache (CPU: only when the call's inputs and outputs fit in the last-level cache; GPU: always, 2x L2)."""
    if prob.device.type == "cuda":
        l2 = getattr(torch.cuda.get_device_properties(prob.device), "L2_cache_size", 0) or (64 << 20)
        return torch.empty(2 * l2 // 4, dtype=torch.float32, device=prob.device)
    llc = llc_bytes()
    if llc and data_bytes < llc:
        return torch.empty(2 * llc // 4, dtype=torch.float32)
    return None


def _nbytes(values):
    return sum(t.numel() * t.element_size() for t in values if isinstance(t, torch.Tensor))


def _one_call(prob, m, args):
    """One timed call: its duration (ns) and its outputs."""
    if prob.device.type == "cuda":
        torch.cuda.synchronize()
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        out = m(*args)
        # every stream's work must be finished before the end is recorded
        torch.cuda.synchronize()
        end.record()
        end.synchronize()
        return int(start.elapsed_time(end) * 1e6), out
    t0 = _perf_ns()
    out = m(*args)
    return _perf_ns() - t0, out


def cmd_time(prob, seed, cand_dir, which, warmup, iters, xfer):
    shape = prob.plan["timingShape"]
    cls = prob.ref_mod.Model
    if which == 1:
        try:
            cls = load_candidate(cand_dir, prob)
        except Exception as e:  # noqa: BLE001
            emit({"ok": False, "reason": "does not load: %s" % e})
    check_integrity("timing")
    init, args = prob.inputs(shape, seed)
    ref_model = prob.model(prob.ref_mod.Model, init, seed)
    m = ref_model if which == 0 else prob.model(cls, init, seed, weights_from=ref_model)
    flush = None
    ns, kept = [], []
    threads = None
    try:
        with torch.no_grad():
            for i in range(warmup + iters):
                # fresh contents for every call, made outside the timed region: nothing a call sees predicts the next
                _, args = prob.inputs(shape, call_seed(seed, i))
                if i == 0:
                    probe = flat(m(*args))
                    flush = _flush_buffer(prob, _nbytes(args) + _nbytes(probe))
                    del probe
                    _, args = prob.inputs(shape, call_seed(seed, i))
                    threads = _active_threads()
                if flush is not None:
                    flush.fill_(float(i))
                sync(prob)
                t, out = _one_call(prob, m, args)
                if i < warmup:
                    continue
                ns.append(t)
                if which == 1:
                    outs = flat(out)
                    ptrs = {storage_ptr(a) for a in args if isinstance(a, torch.Tensor)}
                    if any(isinstance(o, torch.Tensor) and storage_ptr(o) in ptrs for o in outs):
                        emit({"ok": False, "reason": "a timed call returned (a view of) an input instead of a new tensor"})
                    if _active_threads() > threads:
                        emit({"ok": False, "reason": "a timed call left a thread running (work finished after the clock stopped does not count)"})
                    # asked only now that the call has returned: the candidate cannot know which calls are verified
                    if ask_keep(i):
                        kept.append([i, write_outputs(xfer, "t%d" % i, outs)])
                del out
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "reason": "raised %s while timed: %s" % (type(e).__name__, str(e).strip()[:300])})
    check_integrity("timing")
    emit({"ok": True, "ns": ns, "threads": torch.get_num_threads(), "flushBytes": int(flush.numel() * 4) if flush is not None else 0, "kept": kept})


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
