"""PyTorch anchor for bench/kernels-bench.mjs: the same BERT-like MLM step as bench/bert-step.mjs.

Bench-only (not product code). Run with Debian's python3-torch + libopenblas0-openmp:
    /usr/bin/python3 bench/torch_step.py --config mini --threads 2
Prints one JSON line: {"config", "ms", "threads", "version", "blas"}.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

CONFIGS = {
    "mini": dict(layers=4, hidden=256, heads=4, intermediate=1024, seq=128, batch=16, masked=20, vocab=8000),
    "course": dict(layers=6, hidden=768, heads=12, intermediate=3072, seq=30, batch=6, masked=5, vocab=30),
}
DROPOUT = 0.1


class Layer(torch.nn.Module):
    def __init__(self, h, n, i):
        super().__init__()
        self.n = n
        self.q, self.k, self.v, self.o = (torch.nn.Linear(h, h) for _ in range(4))
        self.attn_ln = torch.nn.LayerNorm(h, eps=1e-12)
        self.inter = torch.nn.Linear(h, i)
        self.out = torch.nn.Linear(i, h)
        self.out_ln = torch.nn.LayerNorm(h, eps=1e-12)

    def forward(self, x, mask, b, t):
        h = x.shape[-1]
        d = h // self.n
        heads = lambda y: y.view(b, t, self.n, d).transpose(1, 2)  # [B, N, T, D]
        q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + mask  # [B, N, T, T]
        probs = F.dropout(scores.softmax(-1), DROPOUT, True)
        context = (probs @ v).transpose(1, 2).reshape(b * t, h)
        attention = self.attn_ln(F.dropout(self.o(context), DROPOUT, True) + x)
        hidden = F.gelu(self.inter(attention))
        return self.out_ln(F.dropout(self.out(hidden), DROPOUT, True) + attention)


class Model(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden"]
        self.word = torch.nn.Embedding(c["vocab"], h)
        self.position = torch.nn.Embedding(c["seq"], h)
        self.token_type = torch.nn.Embedding(2, h)
        self.emb_ln = torch.nn.LayerNorm(h, eps=1e-12)
        self.layers = torch.nn.ModuleList(Layer(h, c["heads"], c["intermediate"]) for _ in range(c["layers"]))
        self.transform = torch.nn.Linear(h, h)
        self.head_ln = torch.nn.LayerNorm(h, eps=1e-12)
        self.decoder_bias = torch.nn.Parameter(torch.zeros(c["vocab"]))

    def forward(self, ids, types, mask, positions, labels):
        b, t = ids.shape
        x = self.word(ids) + self.position(torch.arange(t)) + self.token_type(types)
        x = F.dropout(self.emb_ln(x.view(b * t, -1)), DROPOUT, True)
        additive = ((1 - mask) * -10000.0).view(b, 1, 1, t)
        for layer in self.layers:
            x = layer(x, additive, b, t)
        picked = x[positions]
        transformed = self.head_ln(F.gelu(self.transform(picked)))
        logits = transformed @ self.word.weight.t() + self.decoder_bias
        return F.cross_entropy(logits, labels)


def blas_library():
    """Debian's torch links the generic libblas.so.3; which implementation that is depends on alternatives."""
    try:
        with open("/proc/self/maps") as maps:
            libraries = {line.split()[-1] for line in maps if ".so" in line}
        for name in ("openblas", "blis", "mkl", "atlas"):
            if any(name in library for library in libraries):
                return name
        return "reference BLAS" if any("libblas" in library for library in libraries) else "unknown"
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="mini", choices=CONFIGS)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    c = CONFIGS[args.config]
    b, t, p, v = c["batch"], c["seq"], c["masked"], c["vocab"]
    model = Model(c)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    ids = torch.randint(0, v, (b, t))
    types = (torch.arange(t) >= t // 2).long().expand(b, t)
    mask = (torch.arange(t) < t - 2).float().expand(b, t)
    positions = torch.tensor([(i // p) * t + ((i % p) * 5 + 1) % t for i in range(b * p)])
    labels = torch.randint(0, v, (b * p,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = model(ids, types, mask, positions, labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    step()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    blas = blas_library()
    print(json.dumps(dict(config=args.config, ms=times[len(times) // 2], threads=torch.get_num_threads(),
                          version=torch.__version__, blas=blas)))


if __name__ == "__main__":
    main()
