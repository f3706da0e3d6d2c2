"""PyTorch side of `npm run bench`: reads tasks (JSON) on stdin, prints results (JSON) on stdout.

CPU, `threads` threads (torch.set_num_threads; the JS side also sets OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS, which OpenBLAS reads at load time). Timing as bench/lib/measure.ts:
calibrate a batch of calls to >= 20 ms, run batches for min_time seconds (at least 3), keep the
fastest batch's mean. Inputs are the float32 files the JS side wrote, so every engine sees the
same values.

`python3 torch_bench.py --info` prints which BLAS this PyTorch runs (JSON): its build summary
(torch.__config__.show()) and the BLAS/LAPACK libraries mapped into the process after a matmul.
"""
import json
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(0)


def seconds_per_call(fn, min_time, batch_time=0.02):
    fn()
    reps = 1
    while True:
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        dt = time.perf_counter() - t
        if dt >= batch_time or reps >= 1 << 20:
            break
        reps = min(reps * 2, max(reps + 1, int(reps * batch_time * 1.2 / max(dt, 1e-6)) + 1))
    best = dt / reps
    end = time.perf_counter() + min_time
    b = 0
    while b < 3 or time.perf_counter() < end:
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - t) / reps)
        b += 1
    return best


def load(path, shape):
    return torch.from_numpy(np.fromfile(path, dtype=np.float32).reshape(shape))


def act_task(t, min_time):
    x = load(t["x"], [t["n"]])
    fn = eval("lambda x: " + t["expr"], {"F": F, "torch": torch})
    if t["pass"] == "forward":
        with torch.no_grad():
            return seconds_per_call(lambda: fn(x), min_time)
    gy = load(t["gy"], [t["n"]])
    xr = x.clone().requires_grad_(True)

    def step():
        xr.grad = None
        fn(xr).backward(gy)

    return seconds_per_call(step, min_time)


def softmax_task(t, min_time):
    x = load(t["x"], [t["rows"], t["cols"]])
    fn = F.softmax if t["name"] == "softmax" else F.log_softmax
    if t["pass"] == "forward":
        with torch.no_grad():
            return seconds_per_call(lambda: fn(x, dim=-1), min_time)
    gy = load(t["gy"], [t["rows"], t["cols"]])
    xr = x.clone().requires_grad_(True)

    def step():
        xr.grad = None
        fn(xr, dim=-1).backward(gy)

    return seconds_per_call(step, min_time)


def gemm_task(t, min_time):
    m, n, k = t["m"], t["n"], t["k"]
    a = torch.randn(k, m) if t["transA"] else torch.randn(m, k)
    b = torch.randn(n, k) if t["transB"] else torch.randn(k, n)
    ao = a.t() if t["transA"] else a
    bo = b.t() if t["transB"] else b
    with torch.no_grad():
        return seconds_per_call(lambda: torch.mm(ao, bo), min_time)


def gemm_seq_task(t, min_time):
    ops = []
    for g in t["products"]:
        a = torch.randn(g["k"], g["m"]).t() if g["transA"] else torch.randn(g["m"], g["k"])
        b = torch.randn(g["n"], g["k"]).t() if g["transB"] else torch.randn(g["k"], g["n"])
        ops.append((a, b))

    def run():
        for a, b in ops:
            torch.mm(a, b)

    with torch.no_grad():
        return seconds_per_call(run, min_time)


ACTS = {
    "relu": torch.nn.ReLU, "gelu": torch.nn.GELU, "mish": torch.nn.Mish, "sigmoid": torch.nn.Sigmoid,
    "tanh": torch.nn.Tanh, "silu": torch.nn.SiLU,
}


def train_task(t, min_time):
    sizes, batch = t["sizes"], t["batch"]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(ACTS[t["act"]]())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=t["lr"])
    xs = load(t["x"], [t["batches"], batch, sizes[0]])
    ys = torch.from_numpy(np.fromfile(t["y"], dtype=np.int32).astype(np.int64).reshape(t["batches"], batch))
    state = {"i": 0}

    def step():
        i = state["i"] % t["batches"]
        state["i"] += 1
        opt.zero_grad()
        loss = F.cross_entropy(model(xs[i]), ys[i])
        loss.backward()
        opt.step()
        loss.item()

    return seconds_per_call(step, min_time, batch_time=0.1)


def cnn(t):
    c1, c2 = t["channels"]
    side = t["input"][1] // 4
    return torch.nn.Sequential(
        torch.nn.Conv2d(t["input"][0], c1, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(c1, c2, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(c2 * side * side, t["hidden"]), torch.nn.ReLU(),
        torch.nn.Linear(t["hidden"], t["classes"]),
    )


def cnn_train_task(t, min_time):
    model = cnn(t)
    opt = torch.optim.Adam(model.parameters(), lr=t["lr"])
    batch = t["batch"]
    xs = load(t["x"], [t["batches"], batch, *t["input"]])
    ys = torch.from_numpy(np.fromfile(t["y"], dtype=np.int32).astype(np.int64).reshape(t["batches"], batch))
    state = {"i": 0}

    def step():
        i = state["i"] % t["batches"]
        state["i"] += 1
        opt.zero_grad()
        loss = F.cross_entropy(model(xs[i]), ys[i])
        loss.backward()
        opt.step()
        loss.item()

    return seconds_per_call(step, min_time, batch_time=0.1)


def pgd_task(t, min_time):
    """PGD-10 (L-inf), fixed weights: the gradient reaches the input only."""
    model = cnn(t)
    model.requires_grad_(False)
    x0 = load(t["x"], [t["batch"], *t["input"]])
    y = torch.from_numpy(np.fromfile(t["y"], dtype=np.int32).astype(np.int64))
    eps, alpha = t["eps"], t["alpha"]

    def attack():
        x = x0.clone()
        for _ in range(t["steps"]):
            x.requires_grad_(True)
            loss = F.cross_entropy(model(x), y)
            (g,) = torch.autograd.grad(loss, [x])
            with torch.no_grad():
                x = torch.min(torch.max(x + alpha * g.sign(), x0 - eps), x0 + eps).clamp_(0, 1)
        return x

    return seconds_per_call(attack, min_time, batch_time=0.1)


def info():
    """Which BLAS this process runs: the build's BLAS_INFO and the libraries mapped after a matmul."""
    torch.mm(torch.randn(64, 64), torch.randn(64, 64))
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                name = os.path.basename(path)
                if any(k in name for k in ("blas", "lapack", "mkl", "blis", "atlas")):
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    show = torch.__config__.show()
    build = ", ".join(re.findall(r"(?:BLAS_INFO|LAPACK_INFO|CPU capability usage)[=:] ?[^,\n]+", show))
    json.dump({"torch": torch.__version__, "blasInfo": build, "config": show, "loaded": sorted(libs)}, sys.stdout)


def main():
    if "--info" in sys.argv:
        return info()
    req = json.load(sys.stdin)
    torch.set_num_threads(req.get("threads", 1))
    out = []
    for t in req["tasks"]:
        kind = t["kind"]
        try:
            fn = {
                "act": act_task, "softmax": softmax_task, "gemm": gemm_task, "gemm_seq": gemm_seq_task, "train": train_task,
                "cnn": cnn_train_task, "pgd": pgd_task,
            }[kind]
            out.append({"seconds": fn(t, req["minTime"])})
        except Exception as e:  # report and go on: one unsupported op must not stop the suite
            out.append({"error": f"{type(e).__name__}: {e}"})
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": out}, sys.stdout)


if __name__ == "__main__":
    main()
