"""Candidate outputs handed from the candidate's process to the judge's: raw bytes plus a JSON header (never pickle).

The candidate's process writes each output tensor's bytes to a file in the request's transfer folder
and describes it (dtype, shape, its type and storage); the judge reads the bytes back as a plain tensor
and checks the description against the file, so nothing but numbers crosses from one process to the other.
"""

import os

import torch

DTYPES = {str(d).replace("torch.", ""): d for d in (
    torch.float64, torch.float32, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16, torch.int8,
    torch.uint8, torch.bool, torch.complex64, torch.complex128)}


def _storage_bytes(t):
    try:
        return int(t.untyped_storage().nbytes())
    except AttributeError:
        return int(t.storage().nbytes())


def describe(o):
    """What the judge needs to know about one returned value besides its numbers."""
    if type(o) is not torch.Tensor:
        return {"kind": type(o).__name__}
    return {"kind": "Tensor", "dtype": str(o.dtype).replace("torch.", ""), "shape": list(o.shape), "device": o.device.type,
            "stride": list(o.stride()), "storageBytes": _storage_bytes(o), "itemBytes": o.element_size()}


def write_outputs(folder, name, outputs):
    """Writes the tensors of one call; returns their headers (a non-tensor is described, not written)."""
    headers = []
    for j, o in enumerate(outputs):
        h = describe(o)
        if h["kind"] == "Tensor":
            h["file"] = "%s.%d.bin" % (name, j)
            with open(os.path.join(folder, h["file"]), "wb") as f:
                c = o.detach().cpu().contiguous()
                if c.numel():
                    f.write(c.reshape(-1).view(torch.uint8).numpy().tobytes())
        headers.append(h)
    return headers


def read_output(folder, header):
    """One tensor back from its file, or a reason why the header or file is not acceptable."""
    dtype = DTYPES.get(str(header.get("dtype")))
    shape = header.get("shape")
    name = str(header.get("file", ""))
    if dtype is None or not isinstance(shape, list) or not all(isinstance(n, int) and n >= 0 for n in shape) or "/" in name or not name:
        return None, "the candidate's process described an output the judge cannot read"
    numel = 1
    for n in shape:
        numel *= n
    size = numel * torch.empty((), dtype=dtype).element_size()
    path = os.path.join(folder, name)
    if not os.path.isfile(path) or os.path.getsize(path) != size:
        return None, "the candidate's process wrote an output of the wrong size"
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if not numel:
        return torch.empty(shape, dtype=dtype), None
    return torch.frombuffer(data, dtype=torch.uint8).view(dtype).reshape(shape), None
