"""Trusted harness of the kernel optimizer's torch and triton backends.

Runs KernelBench-style problems: the reference is a ``model.py`` with ``Model``, ``get_inputs`` and
``get_init_inputs``; a candidate is a Python file with ``ModelNew`` (same constructor arguments,
same forward signature). The candidate never checks or times itself: the harness builds the inputs,
runs the candidate, and a judge process that never loaded the candidate compares its outputs with the
reference.

    python3 harness_torch.py PLAN.json serve          the long-lived worker: one JSON request a line on stdin
    python3 harness_torch.py PLAN.json CMD [ARGS...]  one request (stdin: {"seed": N, "nonce": "..."})

Commands (a request is {"id", "cmd", "args", "seed", "nonce", "timeoutMs"}):

    validate [derive]                      the problem (derive: a shape sweep from model.py's sizes)
    build CANDIDATE_DIR                    load a candidate
    check CANDIDATE_DIR                    the five stages
    time CANDIDATE_DIR WHICH WARMUP ITERS  time the reference (0) or the candidate (1)
    peaks                                  the device's copy bandwidth

PLAN.json is written by the skill (TypeScript) from the problem: the model file, device, threads,
the correctness cases (stage, shape-variable overrides, input scaling, tolerance relaxation), the
per-dtype tolerances and the timing shape. A candidate directory holds ``kernel.py`` and
``params.json`` (the tuned values, defined as module globals before the file runs, like ``-D``).
The seed is never passed to the judge's verdict, and the nonce tags each verdict line. The worker's
first line reports ``harness``, a hash of this harness's own source files (part of the result-cache key).

Modules: ko_worker (the worker and its children), ko_guard (result channel, patch detection; imported
first), ko_problem (plan, reference, inputs, models), ko_shapes (derived shapes, pointwise probe),
ko_tensors (comparison), ko_io (outputs as raw bytes), ko_check and ko_timing (the candidate's side of
the commands), ko_judge (the comparison, in its own process).
"""

import ko_guard  # noqa: I001 - first: binds the functions it guards before anything else runs
import hashlib
import json
import os
import sys

import ko_check
import ko_io
import ko_judge
import ko_problem
import ko_shapes
import ko_tensors
import ko_timing
import ko_worker
from ko_guard import emit, guard_module, set_channel

HERE = os.path.dirname(os.path.abspath(__file__))
_os_exit = os._exit


def harness_digest():
    """sha256 over this harness's Python files, in name order."""
    h = hashlib.sha256()
    for name in sorted(f for f in os.listdir(HERE) if f.endswith(".py")):
        with open(os.path.join(HERE, name), "rb") as f:
            h.update(name.encode() + b"\0" + f.read())
    return h.hexdigest()


def _problem(plan_path, stage):
    try:
        return ko_problem.Problem(plan_path)
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "stage": stage, "reason": "%s: %s" % (type(e).__name__, e), "errors": ["model.py: %s: %s" % (type(e).__name__, e)]})


def child_work(plan_path, req, xfer, fd, oracle):
    """The work of one request, in a forked child (the only place candidate code runs)."""
    set_channel(fd, oracle)
    # the harness's own functions are guarded like the libraries' (a candidate can import these modules)
    for module in (ko_guard, ko_io, ko_problem, ko_shapes, ko_tensors, ko_check, ko_timing):
        guard_module(module, module.__name__ + ".")
    seed = int(req.get("seed", 1)) % (1 << 31)
    cmd, args = str(req.get("cmd")), [str(a) for a in req.get("args", [])]
    prob = _problem(plan_path, "setup")
    if cmd == "validate":
        emit(ko_check.cmd_validate(prob, seed, bool(args and args[0] == "derive")))
    elif cmd == "build":
        ko_check.cmd_build(prob, seed, args[0])
    elif cmd == "check":
        ko_check.cmd_check(prob, seed, args[0], xfer)
    elif cmd == "time":
        ko_timing.cmd_time(prob, seed, args[0], int(args[1]), int(args[2]), int(args[3]), xfer)
    elif cmd == "peaks":
        ko_timing.cmd_peaks(prob)
    emit({"ok": False, "stage": "setup", "reason": "unknown command %r" % cmd})


def judge_work(plan_path, req, xfer, result, fd):
    """The verdict on a candidate's outputs, in a forked child that never loaded the candidate."""
    set_channel(fd)
    seed = int(req.get("seed", 1)) % (1 << 31)
    prob = _problem(plan_path, "harness")
    if req.get("cmd") == "check":
        ko_judge.judge_check(prob, seed, xfer, result)
    args = [str(a) for a in req.get("args", [])]
    ko_judge.judge_time(prob, seed, xfer, result, int(args[2]), int(args[3]))


def main():
    argv = sys.argv[1:]
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        _os_exit(2)
    plan_path, cmd = os.path.abspath(argv[0]), argv[1]
    if cmd == "serve":
        ko_worker.serve(plan_path, child_work, judge_work, {"harness": harness_digest()})
        return
    try:
        stdin = json.loads(sys.stdin.read() or "{}")
    except ValueError:
        stdin = {}
    req = {"cmd": cmd, "args": argv[2:], "seed": stdin.get("seed", 1), "timeoutMs": 600000}
    verdict = ko_worker.handle(plan_path, req, child_work, judge_work)
    verdict["nonce"] = str(stdin.get("nonce", ""))
    sys.stdout.write("\n" + json.dumps(verdict) + "\n")


if __name__ == "__main__":
    main()
