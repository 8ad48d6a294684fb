"""PyTorch anchor for bench/train-bench.ts: the same BertForPreTraining step as our trainer's `trainStep`.

Bench-only (not product code), adapted from packages/model/bench/torch_step.py with the parts that script left out:
pooler + NSP head, MLM logits only at the masked positions of each row, weighted MLM cross-entropy + NSP
cross-entropy, global-norm clipping at 1.0, and AdamW (decay 0.01, none for biases and LayerNorm), as HF's Trainer.
Run with Debian's python3-torch + libopenblas0-openmp:
    /usr/bin/python3 bench/torch_train_step.py --config b --threads 2 --steps 10 --warmup 2
Prints one JSON line: {"config", "ms", "times", "threads", "version", "blas", "parameters"}.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

CONFIGS = {  # bench-configs.ts
    "a": dict(layers=6, hidden=768, heads=12, intermediate=3072, seq=30, batch=6, masked=5, vocab=30),
    "b": dict(layers=4, hidden=256, heads=4, intermediate=1024, seq=128, batch=16, masked=20, vocab=8000),
}
DROPOUT = 0.1


class Layer(torch.nn.Module):
    """HF BertLayer: self-attention, output dense + dropout + residual + LN, intermediate GELU, output + LN."""

    def __init__(self, h, n, i):
        super().__init__()
        self.n = n
        self.q, self.k, self.v, self.o = (torch.nn.Linear(h, h) for _ in range(4))
        self.attn_ln = torch.nn.LayerNorm(h, eps=1e-12)
        self.inter = torch.nn.Linear(h, i)
        self.out = torch.nn.Linear(i, h)
        self.out_ln = torch.nn.LayerNorm(h, eps=1e-12)

    def forward(self, x, mask):
        b, t, h = x.shape
        d = h // self.n
        heads = lambda y: y.view(b, t, self.n, d).transpose(1, 2)  # [B, N, T, D]
        q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + mask  # [B, N, T, T]
        probs = F.dropout(scores.softmax(-1), DROPOUT, True)
        context = (probs @ v).transpose(1, 2).reshape(b, t, h)  # [B, T, H]
        attention = self.attn_ln(F.dropout(self.o(context), DROPOUT, True) + x)
        hidden = F.gelu(self.inter(attention))  # [B, T, I]
        return self.out_ln(F.dropout(self.out(hidden), DROPOUT, True) + attention)


class BertForPreTraining(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden"]
        self.word = torch.nn.Embedding(c["vocab"], h)
        self.position = torch.nn.Embedding(512, h)
        self.token_type = torch.nn.Embedding(2, h)
        self.emb_ln = torch.nn.LayerNorm(h, eps=1e-12)
        self.layers = torch.nn.ModuleList(Layer(h, c["heads"], c["intermediate"]) for _ in range(c["layers"]))
        self.pooler = torch.nn.Linear(h, h)
        self.transform = torch.nn.Linear(h, h)
        self.head_ln = torch.nn.LayerNorm(h, eps=1e-12)
        self.decoder_bias = torch.nn.Parameter(torch.zeros(c["vocab"]))
        self.seq_relationship = torch.nn.Linear(h, 2)

    def forward(self, ids, types, mask, positions, masked_ids, weights, nsp_labels):
        b, t = ids.shape
        x = self.word(ids) + self.position(torch.arange(t)) + self.token_type(types)
        x = F.dropout(self.emb_ln(x), DROPOUT, True)  # [B, T, H]
        additive = ((1 - mask) * -10000.0).view(b, 1, 1, t)
        for layer in self.layers:
            x = layer(x, additive)
        pooled = torch.tanh(self.pooler(x[:, 0]))  # [B, H]
        picked = x.gather(1, positions.unsqueeze(-1).expand(-1, -1, x.shape[-1]))  # [B, P, H]
        transformed = self.head_ln(F.gelu(self.transform(picked)))
        logits = transformed @ self.word.weight.t() + self.decoder_bias  # [B, P, V]
        nll = F.cross_entropy(logits.flatten(0, 1), masked_ids.flatten(), reduction="none")
        mlm = (nll * weights.flatten()).sum() / weights.sum().clamp_min(1e-12)
        nsp = F.cross_entropy(self.seq_relationship(pooled), nsp_labels)
        return mlm + nsp


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


def batch(c, generator):
    """Shapes and padding as bench-configs.ts `benchBatch` (values differ; timing only)."""
    b, t, p, v = c["batch"], c["seq"], c["masked"], c["vocab"]
    real = t - 2
    ids = torch.randint(5, v, (b, t), generator=generator)
    ids[:, 0] = 2
    ids[:, real:] = 0
    types = (torch.arange(t) >= real // 2).long().expand(b, t)
    mask = (torch.arange(t) < real).float().expand(b, t)
    positions = torch.stack([1 + torch.randperm(real - 1, generator=generator)[:p] for _ in range(b)])  # [B, P]
    masked_ids = ids.gather(1, positions)
    ids = ids.scatter(1, positions, 4)
    weights = torch.ones(b, p)
    nsp = torch.randint(0, 2, (b,), generator=generator)
    return ids, types, mask, positions, masked_ids, weights, nsp


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="b", choices=CONFIGS)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    c = CONFIGS[args.config]
    model = BertForPreTraining(c)
    no_decay = [p for n, p in model.named_parameters() if "ln" in n or n.endswith("bias")]
    decay = [p for n, p in model.named_parameters() if not ("ln" in n or n.endswith("bias"))]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-4, eps=1e-8
    )
    generator = torch.Generator().manual_seed(42)
    batches = [batch(c, generator) for _ in range(4)]

    def step(index):
        optimizer.zero_grad(set_to_none=True)
        loss = model(*batches[index % len(batches)])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        value = loss.item()
        optimizer.step()
        return value

    for index in range(args.warmup):
        step(index)
    times = []
    for index in range(args.steps):
        start = time.perf_counter()
        step(args.warmup + index)
        times.append((time.perf_counter() - start) * 1000)
    ordered = sorted(times)
    print(json.dumps(dict(config=args.config, ms=ordered[len(ordered) // 2], times=[round(t) for t in times],
                          threads=torch.get_num_threads(), version=torch.__version__, blas=blas_library(),
                          parameters=sum(p.numel() for p in model.parameters()))))


if __name__ == "__main__":
    main()
