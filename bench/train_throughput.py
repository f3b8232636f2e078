"""Training throughput of glint's `GlintLM` against transformers' `LlamaForCausalLM`, same shape, same process.

    python bench/train_throughput.py [--preset glint-1.3] [--steps 4] [--repeats 5] [--device cpu|cuda] [--compile] [--profile]
                                     [--out data/results/train_throughput]

Both models get the same initial weights (glint's, copied into the Llama; the padded head's first
`vocab_size` rows) and real AdamW steps (zero_grad, forward, cross-entropy on fp32 logits, backward,
step) on batch x ctx tokens. Each repeat times `--steps` steps of every model, alternating the order,
and the table reports the median tokens/s, for fp32 and for bf16 autocast. Peak memory is the
peak RSS of a fresh process that imports torch and transformers, builds only that model and trains
it for 3 steps (CPU; about 340 MiB of it is the imports), or the CUDA allocator's peak.
Before timing, the script checks that the two models' loss curves agree in fp32. With `--profile`, one
more step of each model and dtype runs under torch's profiler, and the JSON keeps the shares of the
step's self CPU time spent in matmuls, in the attention kernel and in everything else.

Every measured number (each repeat's time, the medians, the loss curves, memory, profile shares), the
command, the machine and the library versions go to `OUT/train_throughput.json`; the model chapter's
speed tables are drawn from it.
"""
import argparse, json, os, platform, resource, statistics, subprocess, sys, time
from pathlib import Path
import torch
import torch.nn.functional as F
from glint.config import get_preset
from glint.model import GlintLM, to_llama


def glint_loss(model): return lambda x, y: model(x, y)[1]
def llama_loss(model): return lambda x, y: F.cross_entropy(model(x).logits.float().flatten(0, 1), y.flatten())


class Trainer:
    "One model, its AdamW, and a timed run of training steps."
    def __init__(self, loss_fn, params, args):
        self.loss_fn, self.device = loss_fn, args.device
        self.opt = torch.optim.AdamW(params, lr=args.lr, fused=args.fused or None, foreach=False if args.fused else None)

    def step(self, x, y, dtype):
        self.opt.zero_grad(set_to_none=True)
        with torch.autocast(self.device, dtype=torch.bfloat16, enabled=dtype == "bf16"):
            loss = self.loss_fn(x, y)
        loss.backward()
        self.opt.step()
        return loss

    def time(self, batches, dtype):
        sync = torch.cuda.synchronize if self.device == "cuda" else (lambda: None)
        sync(); t = time.perf_counter()
        for x, y in batches: loss = self.step(x, y, dtype)
        loss.item(); sync()
        return time.perf_counter() - t


def make_models(args, which):
    "{name: Trainer} for the requested contenders, all starting from glint's seed-0 weights."
    cfg = get_preset(args.preset)
    out = {}
    for name in which:
        ours = GlintLM(cfg, seed=0)
        if name == "HF Llama":
            peer = to_llama(ours).train().to(args.device)
            out[name] = Trainer(llama_loss(peer), peer.parameters(), args)
        else:
            ours = ours.to(args.device).train()
            fn = torch.compile(ours) if name == "glint compiled" else ours
            out[name] = Trainer(glint_loss(fn), ours.parameters(), args)
    return out


def batches(args, n, seed):
    g = torch.Generator().manual_seed(seed)
    V = get_preset(args.preset).vocab_size
    return [tuple(torch.randint(0, V, (args.batch, args.ctx), generator=g).to(args.device) for _ in range(2)) for _ in range(n)]


def peak_rss_mib():
    "This process's peak RSS. Linux's VmHWM belongs to the exec'd image; ru_maxrss would also count the forking parent."
    try: return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
    except OSError: return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_child(args, name, dtype):
    "Peak RSS (MiB) of a fresh process that builds `name` and trains it for a few steps."
    cmd = [sys.executable, __file__, "--_rss", name, dtype, "--preset", args.preset, "--batch", str(args.batch),
           "--ctx", str(args.ctx)] + (["--fused"] if args.fused else [])
    return float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()[-1])


MATMUL_OPS = ("aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm")


def op_category(name: str) -> str:
    "matmul, attention or other, for a profiler op name."
    if name in MATMUL_OPS: return "matmul"
    if "scaled_dot_product" in name or "flash_attention" in name: return "attention"
    return "other"


def profile_shares(trainer, batch, dtype) -> dict:
    "Shares of one training step's self CPU time by op category, and the five ops that take the most."
    from torch.profiler import profile, ProfilerActivity
    with profile(activities=[ProfilerActivity.CPU]) as prof: trainer.step(*batch, dtype).item()
    ops = [(e.key, e.self_cpu_time_total) for e in prof.key_averages()]
    total = sum(t for _, t in ops)
    shares = {c: sum(t for k, t in ops if op_category(k) == c) / total for c in ("matmul", "attention", "other")}
    top = sorted(ops, key=lambda kv: -kv[1])[:5]
    return {**shares, "top_ops": [{"op": k, "share": t / total} for k, t in top]}


def machine() -> dict:
    "What the numbers were measured on."
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), None) if Path("/proc/cpuinfo").exists() else None
    flags = next((l.split() for l in open("/proc/cpuinfo") if l.startswith("flags")), []) if Path("/proc/cpuinfo").exists() else []
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "threads": torch.get_num_threads(),
            "cpu_bf16": "yes" if {"avx512_bf16", "amx_bf16"} & set(flags) else "no (no avx512_bf16 or amx_bf16)",
            "gpu": torch.cuda.get_device_name() if torch.cuda.is_available() else None, "os": platform.platform()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="glint-1.3")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--ctx", type=int, default=256)
    ap.add_argument("--steps", type=int, default=4, help="timed training steps per model per repeat")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--dtype", nargs="+", default=["fp32", "bf16"], choices=["fp32", "bf16"])
    ap.add_argument("--compile", action="store_true", help="also time torch.compile(glint)")
    ap.add_argument("--fused", action="store_true", help="fused AdamW for every model (default: torch's default AdamW)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--check-steps", type=int, default=5, help="fp32 steps whose losses must agree (0: skip)")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory column")
    ap.add_argument("--profile", action="store_true", help="profile one step of each model and dtype (shares of time by op category)")
    ap.add_argument("--out", default="data/results/train_throughput", help="folder for train_throughput.json")
    ap.add_argument("--_rss", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args._rss:   # child process: train one model a few steps, print peak RSS
        name, dtype = args._rss
        import transformers  # noqa: F401  (every child imports the same libraries, so baselines agree)
        t = make_models(args, [name])[name]
        for x, y in batches(args, 3, seed=1): t.step(x, y, dtype)
        print(peak_rss_mib())
        return

    cfg = get_preset(args.preset)
    names = ["HF Llama", "glint"] + (["glint compiled"] if args.compile else [])
    n_params = sum(p.numel() for p in GlintLM(cfg).parameters())
    tokens = args.batch * args.ctx * args.steps
    print(f"{args.preset}: {n_params:,} params (untied, padded head)" if not cfg.tie_embeddings else f"{args.preset}: {n_params:,} params",
          f"| batch {args.batch} x ctx {args.ctx} | {args.steps} steps x {args.repeats} repeats | device {args.device}, "
          f"{torch.get_num_threads()} threads | AdamW {'fused' if args.fused else 'default'} | torch {torch.__version__}")

    curves = {}
    if args.check_steps:   # same init, same data, same optimizer: the losses must follow each other
        models = make_models(args, names)
        data = batches(args, args.check_steps, seed=2)
        curves = {k: [t.step(x, y, "fp32").item() for x, y in data] for k, t in models.items()}
        for k in names[1:]:
            diff = max(abs(a - b) for a, b in zip(curves[k], curves["HF Llama"]))
            print(f"loss curve, fp32, {args.check_steps} steps: {k} vs HF Llama max |diff| = {diff:.2e}  "
                  f"({k}: {' '.join(f'{l:.5f}' for l in curves[k])})")
        print(f"{'':46}HF Llama: {' '.join(f'{l:.5f}' for l in curves['HF Llama'])}")

    models = make_models(args, names)
    data = batches(args, args.steps, seed=3)
    med, mem, all_times, profiles = {}, {}, {}, {}
    for dtype in args.dtype:
        for t in models.values(): t.time(data[:2], dtype)   # warm-up (and compilation)
        times = {k: [] for k in names}
        for r in range(args.repeats):
            for k in (names if r % 2 == 0 else names[::-1]): times[k].append(models[k].time(data, dtype))
        for k in names: all_times[dtype, k] = times[k]
        if args.profile:
            for k in names: profiles[dtype, k] = profile_shares(models[k], data[0], dtype)
        for k in names:
            med[dtype, k] = tokens / statistics.median(times[k])
            spread = (tokens / max(times[k]), tokens / min(times[k]))
            med[dtype, k, "spread"] = spread
    if not args.no_memory:
        for dtype in args.dtype:
            for k in names:
                if args.device == "cpu": mem[dtype, k] = rss_child(args, k, dtype)
                else:
                    torch.cuda.reset_peak_memory_stats(); models[k].time(data[:1], dtype)
                    mem[dtype, k] = torch.cuda.max_memory_allocated() / 2**20

    memname = "peak RSS MiB" if args.device == "cpu" else "peak CUDA MiB"
    print(f"\n{'dtype':6} {'model':15} {'median tok/s':>13} {'(min - max)':>17} {'vs HF same dtype':>17} {memname:>14}")
    for dtype in args.dtype:
        for k in names:
            v, (lo, hi) = med[dtype, k], med[dtype, k, "spread"]
            print(f"{dtype:6} {k:15} {v:13,.0f} {f'{lo:,.0f} - {hi:,.0f}':>17} {v / med[dtype, 'HF Llama']:17.2f} "
                  f"{mem.get((dtype, k), float('nan')):14,.0f}")
    print()
    for (dtype, k), p in profiles.items():
        print(f"profile {dtype:5} {k:15} matmul {p['matmul']:.0%}, attention {p['attention']:.0%}, other {p['other']:.0%}")
    for k in names[1:]:
        if "fp32" in args.dtype: print(f"{k} fp32 / HF fp32: {med['fp32', k] / med['fp32', 'HF Llama']:.2f}")
        if "bf16" in args.dtype: print(f"{k} bf16 / HF bf16: {med['bf16', k] / med['bf16', 'HF Llama']:.2f}")
        if set(args.dtype) == {"fp32", "bf16"}: print(f"{k} bf16 / HF fp32: {med['bf16', k] / med['fp32', 'HF Llama']:.2f}")

    import transformers
    rows = [{"dtype": dtype, "model": k, "median_tok_s": med[dtype, k], "min_tok_s": med[dtype, k, "spread"][0],
             "max_tok_s": med[dtype, k, "spread"][1], "vs_hf_same_dtype": med[dtype, k] / med[dtype, "HF Llama"],
             "seconds_per_repeat": all_times[dtype, k], "peak_mib": mem.get((dtype, k))} for dtype in args.dtype for k in names]
    result = {"command": "python bench/train_throughput.py " + " ".join(sys.argv[1:]), "preset": args.preset, "params": n_params,
              "batch": args.batch, "ctx": args.ctx, "steps": args.steps, "repeats": args.repeats, "device": args.device,
              "adamw": "fused" if args.fused else "default", "memory": memname if not args.no_memory else None,
              "torch": torch.__version__, "transformers": transformers.__version__, "python": platform.python_version(),
              "machine": machine(), "loss_curves_fp32": curves,
              "loss_curve_max_diff": {k: max(abs(a - b) for a, b in zip(curves[k], curves["HF Llama"])) for k in names[1:]} if curves else {},
              "throughput": rows,
              "profile": [{"dtype": d, "model": k, **p} for (d, k), p in profiles.items()]}
    out = Path(args.out); out.mkdir(parents=True, exist_ok=True)
    (out/"train_throughput.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {out/'train_throughput.json'}")


if __name__ == "__main__":
    main()
