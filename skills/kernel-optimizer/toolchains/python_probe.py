"""Run by the kernel optimizer to describe a Python: its version, torch (and CUDA), triton. One JSON line."""

import json
import sys

out = {"version": sys.version.split()[0]}
try:
    import torch

    out["torch"] = torch.__version__
    out["cuda"] = bool(torch.cuda.is_available())
except Exception as e:  # noqa: BLE001 - any import failure means no torch backend
    out["err"] = str(e)
try:
    import triton

    out["triton"] = triton.__version__
except Exception:  # noqa: BLE001
    pass
print(json.dumps(out))
