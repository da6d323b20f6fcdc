"""RMSNorm, KernelBench style: the reference model (eager PyTorch, written the straightforward way)
and the inputs. The kernel optimizer sets batch_size and dim per shape from problem.json."""
import torch
import torch.nn as nn


class Model(nn.Module):
    """y = x / sqrt(mean(x^2, last dim) + eps) * weight"""

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        # not all ones, so a candidate that forgets the weight is caught
        self.weight = nn.Parameter(1.0 + 0.1 * torch.randn(dim))

    def forward(self, x):
        rms = torch.sqrt(torch.mean(x ** 2, dim=-1, keepdim=True) + self.eps)
        return x / rms * self.weight


batch_size = 2048
dim = 4096


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [dim]
