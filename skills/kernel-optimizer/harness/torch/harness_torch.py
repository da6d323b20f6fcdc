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
result is the last line of stdout, one JSON object. ``validate`` also reports ``harness``, a hash
of this harness's own source files (part of the skill's result-cache key).

The modules beside this file: ko_guard (the verdict line, patch detection; imported first),
ko_problem (plan, reference, inputs, models), ko_tensors (comparison), ko_check and ko_timing
(the commands).
"""

import ko_guard  # noqa: I001 - first: binds the functions it guards before anything else runs
import hashlib
import json
import os
import sys
import traceback

import ko_check
import ko_problem
import ko_tensors
import ko_timing
from ko_guard import emit, guard_module, set_nonce

HERE = os.path.dirname(os.path.abspath(__file__))
_os_exit = os._exit


def harness_digest():
    """sha256 over this harness's Python files, in name order."""
    h = hashlib.sha256()
    for name in sorted(f for f in os.listdir(HERE) if f.endswith(".py")):
        with open(os.path.join(HERE, name), "rb") as f:
            h.update(name.encode() + b"\0" + f.read())
    return h.hexdigest()


def main():
    argv = sys.argv[1:]
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        _os_exit(2)
    try:
        stdin = json.loads(sys.stdin.read() or "{}")
    except ValueError:
        stdin = {}
    set_nonce(str(stdin.get("nonce", "")))
    seed = int(stdin.get("seed", 1)) % (1 << 31)
    # the harness's own functions are guarded like the libraries' (a candidate can import these modules)
    for module in (ko_guard, ko_problem, ko_tensors, ko_check, ko_timing):
        guard_module(module, module.__name__ + ".")
    try:
        prob = ko_problem.Problem(argv[0])
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "stage": "setup", "reason": "%s: %s" % (type(e).__name__, e), "errors": ["model.py: %s: %s" % (type(e).__name__, e)]})
    cmd = argv[1]
    try:
        if cmd == "validate":
            result = ko_check.cmd_validate(prob, seed, argv[2] if len(argv) > 2 else None)
            result["harness"] = harness_digest()
            emit(result)
        elif cmd == "build":
            ko_check.cmd_build(prob, seed, argv[2])
        elif cmd == "check":
            ko_check.cmd_check(prob, seed, argv[2])
        elif cmd == "time":
            ko_timing.cmd_time(prob, seed, argv[2], int(argv[3]), int(argv[4]), int(argv[5]), int(argv[6]))
        elif cmd == "peaks":
            ko_timing.cmd_peaks(prob)
        else:
            emit({"ok": False, "stage": "setup", "reason": "unknown command %r" % cmd})
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - the harness's own failure, reported with its trace
        traceback.print_exc()
        emit({"ok": False, "stage": "harness", "reason": "%s: %s" % (type(e).__name__, e)})


if __name__ == "__main__":
    main()
