"""What a KernelBench-style model.py computes, for the candidate generator (generate/torch.ts).

Run by the skill (not by the harness) on the problem's own reference: it builds Model from
get_init_inputs, calls it once on get_inputs under the autograd profiler, and prints one JSON line:
the aten ops the forward ran, the shapes and dtypes of the inputs and the output, and whether the
output's rows depend only on the same rows of the inputs (then a candidate may process the rows in
blocks). The generator's templates are judged by the trusted harness like any other candidate, so a
wrong guess here costs an evaluation, never a wrong result.

usage: analyze.py MODEL_PY '{"batch_size": 64}'   (module-level integers to set first)
"""

import importlib.util
import json
import sys

import torch


def load(path, shape):
    spec = importlib.util.spec_from_file_location("ko_analyzed", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for k, v in shape.items():
        if isinstance(getattr(mod, k, None), int):
            setattr(mod, k, v)
    return mod


def describe(t):
    if isinstance(t, torch.Tensor):
        return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")}
    return {"scalar": repr(t)[:40]}


def rows_independent(model, args, out):
    """True when out[:k] == model(inputs with their leading rows cut to k) for the inputs whose leading size is out's."""
    if not isinstance(out, torch.Tensor) or out.dim() == 0 or out.shape[0] < 2:
        return False, []
    n = out.shape[0]
    batch = [i for i, a in enumerate(args) if isinstance(a, torch.Tensor) and a.dim() > 0 and a.shape[0] == n]
    if not batch:
        return False, []
    k = max(1, n // 3)
    cut = [a[:k] if i in batch else a for i, a in enumerate(args)]
    try:
        part = model(*cut)
    except Exception:
        return False, batch
    same = isinstance(part, torch.Tensor) and part.shape == out[:k].shape and torch.allclose(part.double(), out[:k].double(), rtol=1e-4, atol=1e-5)
    return bool(same), batch


def main():
    shape = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    torch.manual_seed(0)
    mod = load(sys.argv[1], shape)
    model = mod.Model(*mod.get_init_inputs()).eval()
    args = list(mod.get_inputs())
    with torch.no_grad():
        with torch.autograd.profiler.profile() as prof:
            out = model(*args)
        ops = []
        for e in prof.function_events:
            if e.name.startswith("aten::") and e.name not in ops:
                ops.append(e.name[6:])
        rowwise, batch = rows_independent(model, args, out)
    params = sum(p.numel() for p in model.parameters()) + sum(b.numel() for b in model.buffers())
    print(json.dumps({
        "ok": True,
        "ops": ops,
        "inputs": [describe(a) for a in args],
        "output": describe(out),
        "rowwise": rowwise,
        "batchArgs": batch,
        "params": params,
        "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the generator then offers no templates; the run goes on with what it has
        print(json.dumps({"ok": False, "reason": "%s: %s" % (type(e).__name__, e)}))
