"""RMSNorm candidate for the torch backend. Rows are processed in blocks of ROWS, so a block's
squares, scale and output stay in cache between passes and no full-size temporary is made; the
output block doubles as scratch space. METHOD picks how the mean of squares is computed.
ROWS and METHOD are set by the optimizer (module globals defined before this file runs)."""
import torch
import torch.nn as nn

ROWS = globals().get("ROWS", 64)
METHOD = globals().get("METHOD", 0)


class ModelNew(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        d = x.shape[-1]
        rows = x.reshape(-1, d)
        out = torch.empty_like(rows)
        for i in range(0, rows.shape[0], ROWS):
            xs = rows[i:i + ROWS]
            o = out[i:i + ROWS]
            if METHOD == 0:
                mean_sq = torch.mul(xs, xs, out=o).mean(-1, keepdim=True)
            else:
                mean_sq = torch.linalg.vector_norm(xs, dim=-1, keepdim=True).square_().div_(d)
            scale = mean_sq.add_(self.eps).rsqrt_()
            torch.mul(xs, scale, out=o)
            o.mul_(self.weight)
        return out.view(x.shape)
