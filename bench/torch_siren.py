"""PyTorch side of bench/siren.ts: one full-batch SIREN training step (forward, MSE, backward, Adam)
on the same problem as `actlab siren`'s default fit, timed with bench/torch_bench.py's method.

Reads {side, hidden, layers, w0, lr, threads: [1, 2], minTime} as JSON on stdin and prints
{torch, results: [{threads, seconds}]}. The network is the SIREN code's (SineLayer with
omega_0 in every layer, its init, a linear last layer); the target is a fixed pattern in [-1, 1].
"""
import json
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bench import seconds_per_call  # noqa: E402


class SineLayer(nn.Module):
    def __init__(self, fan_in, fan_out, w0, first):
        super().__init__()
        self.w0 = w0
        self.linear = nn.Linear(fan_in, fan_out)
        with torch.no_grad():
            b = 1 / fan_in if first else math.sqrt(6 / fan_in) / w0
            self.linear.weight.uniform_(-b, b)

    def forward(self, x):
        return torch.sin(self.w0 * self.linear(x))


def siren(side, hidden, layers, w0):
    net = [SineLayer(2, hidden, w0, True)] + [SineLayer(hidden, hidden, w0, False) for _ in range(layers - 1)]
    last = nn.Linear(hidden, 1)
    with torch.no_grad():
        b = math.sqrt(6 / hidden) / w0
        last.weight.uniform_(-b, b)
    return nn.Sequential(*net, last)


def main():
    cfg = json.load(sys.stdin)
    side = cfg["side"]
    lin = torch.linspace(-1, 1, side)
    coords = torch.stack(torch.meshgrid(lin, lin, indexing="ij"), dim=-1).reshape(-1, 2)
    target = torch.sin(7 * coords[:, :1]) * torch.cos(5 * coords[:, 1:])
    out = []
    for threads in cfg["threads"]:
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        model = siren(side, cfg["hidden"], cfg["layers"], cfg["w0"])
        opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])

        def step():
            opt.zero_grad()
            loss = ((model(coords) - target) ** 2).mean()
            loss.backward()
            opt.step()
            loss.item()

        out.append({"threads": threads, "seconds": seconds_per_call(step, cfg["minTime"], batch_time=0.1)})
    json.dump({"torch": torch.__version__, "results": out}, sys.stdout)


if __name__ == "__main__":
    main()
