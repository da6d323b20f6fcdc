"""The harness's own safety: the one verdict line, and the functions a candidate must not replace.

Imported first by harness_torch.py, before any candidate code runs: the functions bound here stay
the harness's even if a candidate replaces the module attributes (and such a replacement is itself
a rejection, found by check_integrity).
"""

import copy
import json
import os
import sys
import time

_dumps = json.dumps
_os_write = os.write
_os_exit = os._exit

_nonce = [""]


def set_nonce(nonce):
    """The nonce from stdin tags the verdict line, so that text a candidate prints cannot pass for one."""
    _nonce[0] = nonce


def emit(obj):
    obj["nonce"] = _nonce[0]
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
    emit({"ok": False, "stage": "setup", "reason": "torch is not importable: %s" % e})


def _library_attributes():
    """Library functions a candidate could patch to fool a checker or a timer."""
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


GUARDED = _library_attributes()


def guard_module(module, label, skip=()):
    """Adds a module's (or class's) functions and classes to what check_integrity verifies."""
    GUARDED.extend((module, "%s%s" % (label, k), k, v) for k, v in list(vars(module).items()) if not k.startswith("__") and k not in skip)


def check_integrity(stage):
    for owner, label, name, original in GUARDED:
        if getattr(owner, name, None) is not original and vars(owner).get(name, None) is not original:
            fail(stage, "the candidate replaced %s (the harness's and the reference's code must not be patched)" % label)
