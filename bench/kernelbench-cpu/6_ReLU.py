import torch
import torch.nn as nn


class Model(nn.Module):
    """Elementwise max(x, 0)."""

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x)


batch_size = 2048
dim = 4096


def get_inputs():
    # both signs, so an identity "kernel" cannot pass
    x = torch.randn(batch_size, dim)
    return [x]


def get_init_inputs():
    return []
