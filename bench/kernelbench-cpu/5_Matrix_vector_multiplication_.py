import torch
import torch.nn as nn


class Model(nn.Module):
    """y = A @ x for a tall matrix A (M x K) and a column vector x (K x 1): memory bound."""

    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, x)


M = 4096
K = 4096


def get_inputs():
    A = torch.randn(M, K)
    x = torch.randn(K, 1)
    return [A, x]


def get_init_inputs():
    return []
