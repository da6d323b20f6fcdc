"""The harness's own safety in a candidate's process: the one result message, and the functions a candidate must not replace.

Imported first, before any candidate code runs: the functions bound here stay the harness's even if a
candidate replaces the module attributes (and such a replacement is itself a rejection, found by
check_integrity). A child's result goes to the worker over a pipe (set_channel), never to stdout: the
worker alone writes verdict lines, so nothing a candidate prints can pass for one.
"""

import builtins
import copy
import inspect
import json
import os
import sys
import time

_dumps = json.dumps
_os_write = os.write
_os_exit = os._exit
_getattr_static = inspect.getattr_static

_channel = [1]
_oracle = [None]
_os_read = os.read


def set_channel(fd, oracle=None):
    """Where emit writes the result (the worker's pipe in a forked child), and the worker's keep oracle (request fd, answer fd)."""
    _channel[0] = fd
    _oracle[0] = oracle


def ask_keep(i):
    """Asks the worker, after timed call i returned, whether to keep its result for the judge."""
    if _oracle[0] is None:
        return True
    q, a = _oracle[0]
    _os_write(q, b"%d\n" % i)
    answer = b""
    while not answer.endswith(b"\n"):
        chunk = _os_read(a, 2)
        if not chunk:
            break
        answer += chunk
    return answer == b"1\n"


def emit(obj):
    """Sends the one result of this process and ends it."""
    data = ("\n" + _dumps(obj) + "\n").encode()
    while data:
        data = data[_os_write(_channel[0], data):]
    try:
        sys.stderr.flush()
        sys.stdout.flush()
    except Exception:  # noqa: BLE001 - a closed stream must not lose the result
        pass
    _os_exit(0)


def fail(stage, reason, shape=None):
    out = {"ok": False, "stage": stage, "reason": reason}
    if shape is not None:
        out["shape"] = shape
    emit(out)


try:
    import torch
    import torch.nn.functional
except Exception as e:  # noqa: BLE001 - any import failure means the backend cannot run
    emit({"ok": False, "stage": "setup", "reason": "torch is not importable: %s" % e})


def _library_attributes():
    """Library functions a candidate could patch to fool a checker or a timer."""
    pairs = [
        (time, "time", "perf_counter_ns"), (time, "time", "perf_counter"), (time, "time", "time"), (time, "time", "monotonic_ns"),
        (torch.cuda, "torch.cuda", "synchronize"), (torch.cuda, "torch.cuda", "Event"),
        (torch.nn.Module, "torch.nn.Module", "__call__"), (torch.nn.Module, "torch.nn.Module", "state_dict"),
        (torch.nn.Module, "torch.nn.Module", "load_state_dict"), (copy, "copy", "deepcopy"),
        (os, "os", "write"), (os, "os", "_exit"), (os, "os", "urandom"), (json, "json", "dumps"),
    ]
    pairs += [(builtins, "builtins", k) for k in ("type", "isinstance", "len", "open", "getattr", "hasattr", "range", "zip", "max", "min", "abs", "float", "int")]
    out = [(owner, "%s.%s" % (label, name), name, _getattr_static(owner, name, None)) for owner, label, name in pairs]
    # every torch function and every Tensor method (inherited ones too, as stored, not bound)
    out += [(torch, "torch." + k, k, v) for k, v in list(vars(torch).items()) if callable(v) and not k.startswith("__")]
    out += [(torch.nn.functional, "torch.nn.functional." + k, k, v) for k, v in list(vars(torch.nn.functional).items()) if callable(v) and not k.startswith("__")]
    out += [(torch.Tensor, "torch.Tensor." + k, k, _getattr_static(torch.Tensor, k, None)) for k in dir(torch.Tensor) if k not in ("__dict__", "__weakref__")]
    return out


_MISSING = object()


def _where(owner, name):
    """The namespaces (live) in which `name` is looked up on `owner`, in order (a class: its MRO; else the object)."""
    chain = owner.__mro__ if isinstance(owner, type) else (owner,)
    return tuple(vars(c) for c in chain if hasattr(c, "__dict__"))


def _entry(owner, label, name, original):
    """(label, name, original, namespaces before the defining one, the defining one): checked with dict lookups only."""
    spaces = _where(owner, name)
    for i, space in enumerate(spaces):
        if name in space:
            return (label, name, original, spaces[:i], space)
    return (label, name, original, spaces, None)


GUARDED = [_entry(*e) for e in _library_attributes()]


def guard_module(module, label, skip=()):
    """Adds a module's (or class's) functions and classes to what check_integrity verifies."""
    GUARDED.extend(_entry(module, "%s%s" % (label, k), k, v) for k, v in list(vars(module).items()) if not k.startswith("__") and k not in skip)


def check_integrity(stage):
    """Rejects the candidate when any guarded attribute is no longer the object bound at import (replaced, or shadowed in a subclass)."""
    for label, name, original, before, home in GUARDED:
        if any(name in space for space in before) or (home.get(name, _MISSING) if home is not None else None) is not original:
            fail(stage, "the candidate replaced %s (the harness's and the reference's code must not be patched)" % label)
