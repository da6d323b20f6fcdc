"""RMSNorm candidate for the triton backend (needs a CUDA GPU and triton): one program per row,
BLOCK columns at a time; BLOCK and WARPS are set by the optimizer."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

BLOCK = globals().get("BLOCK", 1024)
WARPS = globals().get("WARPS", 4)


@triton.jit
def _rmsnorm_rows(x_ptr, w_ptr, y_ptr, n_cols, eps, BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0)
    x_row = x_ptr + row * n_cols
    y_row = y_ptr + row * n_cols
    acc = tl.zeros([BLOCK_SIZE], dtype=tl.float32)
    for start in range(0, n_cols, BLOCK_SIZE):
        cols = start + tl.arange(0, BLOCK_SIZE)
        v = tl.load(x_row + cols, mask=cols < n_cols, other=0.0).to(tl.float32)
        acc += v * v
    scale = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n_cols + eps)
    for start in range(0, n_cols, BLOCK_SIZE):
        cols = start + tl.arange(0, BLOCK_SIZE)
        mask = cols < n_cols
        v = tl.load(x_row + cols, mask=mask, other=0.0).to(tl.float32)
        w = tl.load(w_ptr + cols, mask=mask, other=0.0).to(tl.float32)
        tl.store(y_row + cols, v * scale * w, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        d = x.shape[-1]
        rows = x.reshape(-1, d).contiguous()
        out = torch.empty_like(rows)
        _rmsnorm_rows[(rows.shape[0],)](rows, self.weight, out, d, self.eps, BLOCK_SIZE=BLOCK, num_warps=WARPS)
        return out.view(x.shape)
