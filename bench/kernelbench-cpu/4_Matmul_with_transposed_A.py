import torch
import torch.nn as nn


class Model(nn.Module):
    """C = A^T @ B where A is stored K x M (so the product reads A column by column)."""

    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A.T, B)


M = 512
K = 1024
N = 768


def get_inputs():
    A = torch.randn(K, M)
    B = torch.randn(K, N)
    return [A, B]


def get_init_inputs():
    return []
