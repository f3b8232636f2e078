"""Training-step throughput of glint's model against transformers' Llama, same shapes, same process.

    python bench/bench_model.py [--preset glint-1.3-tied] [--batch 16] [--ctx 256] [--repeats 7] [--dtype fp32 bf16]

Each repeat times `--steps` forward+backward passes of both models on identical inputs (alternating
which goes first), and the table reports the median tokens/s and glint's ratio to the peer.
"""
import argparse, statistics, time
import torch
from glint.config import get_preset
from glint.model import GlintLM


def llama_like(cfg):
    from transformers import LlamaConfig, LlamaForCausalLM
    return LlamaForCausalLM(LlamaConfig(
        vocab_size=cfg.vocab_size, hidden_size=cfg.dim, intermediate_size=cfg.mlp_hidden, num_hidden_layers=cfg.n_layers,
        num_attention_heads=cfg.n_heads, num_key_value_heads=cfg.kv_heads, max_position_embeddings=cfg.ctx_len,
        rms_norm_eps=cfg.norm_eps, rope_theta=cfg.rope_base, tie_word_embeddings=cfg.tie_embeddings, attn_implementation="sdpa"))


def step_time(fn, steps, dtype):
    t = time.perf_counter()
    for _ in range(steps):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=dtype == "bf16"):
            loss = fn()
        loss.backward()
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="glint-1.3-tied")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--ctx", type=int, default=256)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--dtype", nargs="+", default=["fp32", "bf16"])
    args = ap.parse_args()
    torch.manual_seed(0)
    cfg = get_preset(args.preset)
    ours, peer = GlintLM(cfg, seed=0), llama_like(cfg)
    x = torch.randint(0, cfg.vocab_size, (args.batch, args.ctx))
    y = torch.randint(0, cfg.vocab_size, (args.batch, args.ctx))
    runs = {"glint": lambda: ours(x, y)[1],
            "transformers Llama": lambda: torch.nn.functional.cross_entropy(peer(x).logits.float().flatten(0, 1), y.flatten())}
    tokens = args.batch * args.ctx * args.steps
    print(f"{args.preset}: {sum(p.numel() for p in ours.parameters()):,} params, batch {args.batch} x ctx {args.ctx}, "
          f"{torch.get_num_threads()} threads, torch {torch.__version__}")
    print(f"{'dtype':6} {'model':20} {'median tok/s':>13} {'ratio':>7}")
    for dtype in args.dtype:
        for fn in runs.values(): step_time(fn, 1, dtype)  # warm-up
        times = {k: [] for k in runs}
        for r in range(args.repeats):
            order = list(runs) if r % 2 == 0 else list(runs)[::-1]
            for k in order: times[k].append(step_time(runs[k], args.steps, dtype))
        med = {k: tokens / statistics.median(v) for k, v in times.items()}
        for k, v in med.items():
            print(f"{dtype:6} {k:20} {v:13,.0f} {v / med['transformers Llama']:7.2f}")


if __name__ == "__main__":
    main()
