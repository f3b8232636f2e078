"""What `torch.compile` costs and saves for glint's trainer step: the numbers behind `--compile auto`.

    python bench/compile_auto.py [--presets glimmer glint-1.3] [--precisions fp32 bf16] [--steps 10] [--repeats 3]
                                 [--device cpu|cuda] [--out data/results/compile_auto]

For every (preset, precision), `--repeats` fresh processes each build the model twice as `glint
train` does (seed 0, the trainer's AdamW groups, batch 16 x the model's context): one eager, one
compiled with a cold inductor cache. The first compiled training step (forward under autocast,
backward, clip, AdamW step) compiles the forward and the backward graph; then `--steps` eager and
`--steps` compiled steps alternate, so that both see the same load on a shared machine. Per process:
the median step times, and compile seconds = first compiled step - median compiled step. The JSON
keeps every process's numbers and their medians (the machine may be shared, so medians, not means),
plus the machine, the torch version and the command.
"""
import argparse, json, os, platform, statistics, subprocess, sys, tempfile, time
from pathlib import Path


def measure(preset: str, precision: str, steps: int, device: str, batch_size: int = 16) -> dict:
    "One process's measurement (run it in a fresh process: dynamo and inductor keep state)."
    import torch
    from glint.config import load_config
    from glint.model import GlintLM
    from glint.train import param_groups, flops_per_token
    cfg = load_config(preset)
    ctx = cfg.ctx_len
    g = torch.Generator().manual_seed(0)
    batches = [tuple(torch.randint(0, cfg.vocab_size, (batch_size, ctx), generator=g).to(device) for _ in range(2)) for _ in range(4)]

    def timed_step(fn, model, opt, i):
        x, y = batches[i % len(batches)]
        if device == "cuda": torch.cuda.synchronize()
        t = time.perf_counter()
        with torch.autocast(device, dtype=torch.bfloat16, enabled=precision == "bf16"):
            _, loss = fn(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step(); opt.zero_grad(set_to_none=True)
        loss.item()
        if device == "cuda": torch.cuda.synchronize()
        return time.perf_counter() - t

    def fresh():
        model = GlintLM(cfg, seed=0).to(device).train()
        opt = torch.optim.AdamW(param_groups(model, 0.1), lr=1e-3, betas=(0.9, 0.95), fused=device == "cuda" or None)
        return model, opt

    eager_model, eager_opt = fresh()
    model, opt = fresh()
    compiled = torch.compile(model)
    first = timed_step(compiled, model, opt, 0)             # compiles forward and backward
    timed_step(compiled, model, opt, 1); timed_step(eager_model, eager_model, eager_opt, 0)   # warm-up
    eager_times, compiled_times = [], []
    for i in range(steps):                                   # alternate, so both see the same load
        eager_times.append(timed_step(eager_model, eager_model, eager_opt, i))
        compiled_times.append(timed_step(compiled, model, opt, i))
    eager, step = statistics.median(eager_times), statistics.median(compiled_times)
    tokens = batch_size * ctx
    return {"preset": preset, "precision": precision, "device": device, "batch_size": batch_size, "ctx_len": ctx,
            "tokens_per_step": tokens, "flops_per_step": tokens * flops_per_token(cfg, ctx),
            "eager_step_s": eager, "compiled_step_s": step, "first_compiled_step_s": first, "compile_s": first - step,
            "eager_steps_s": eager_times, "compiled_steps_s": compiled_times, "load_average": os.getloadavg()[0]}


def cpu_bf16() -> str:
    "Whether the CPU multiplies bf16 in hardware (AVX-512 BF16 or AMX); without it bf16 matmuls are emulated and slow."
    try: flags = next(l for l in open("/proc/cpuinfo") if l.startswith("flags")).split()
    except (OSError, StopIteration): return "unknown"
    return "yes" if {"avx512_bf16", "amx_bf16"} & set(flags) else "no (no avx512_bf16 or amx_bf16)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presets", nargs="+", default=["glimmer", "glint-1.3"], help="model presets to measure")
    ap.add_argument("--precisions", nargs="+", default=["fp32", "bf16"], choices=["fp32", "bf16"], help="precisions to measure")
    ap.add_argument("--steps", type=int, default=10, help="timed steps per mode (eager, compiled) per process")
    ap.add_argument("--repeats", type=int, default=3, help="fresh processes per (preset, precision); the JSON reports medians")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="where to train")
    ap.add_argument("--out", default="data/results/compile_auto", help="folder for compile_auto.json")
    ap.add_argument("--_one", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._one:   # child: one measurement, printed as JSON
        print(json.dumps(measure(*args._one, steps=args.steps, device=args.device)))
        return

    import torch
    runs = []
    for preset in args.presets:
        for precision in args.precisions:
            for r in range(args.repeats):
                with tempfile.TemporaryDirectory() as cache:   # a cold inductor cache: the compile a new machine pays
                    env = {**os.environ, "TORCHINDUCTOR_CACHE_DIR": cache, "TRITON_CACHE_DIR": cache}
                    p = subprocess.run([sys.executable, __file__, "--_one", preset, precision, "--steps", str(args.steps),
                                        "--device", args.device], capture_output=True, text=True, env=env)
                if p.returncode: sys.exit(f"measurement failed for {preset} {precision}:\n{p.stderr[-2000:]}")
                row = json.loads(p.stdout.strip().splitlines()[-1]); row["repeat"] = r
                runs.append(row)
                print(f"{preset:10} {precision} #{r}: eager {row['eager_step_s']:.3f}s, compiled {row['compiled_step_s']:.3f}s, "
                      f"compile {row['compile_s']:.1f}s", flush=True)
    medians = []
    for preset in args.presets:
        for precision in args.precisions:
            rs = [r for r in runs if r["preset"] == preset and r["precision"] == precision]
            m = {k: statistics.median(r[k] for r in rs) for k in ("eager_step_s", "compiled_step_s", "compile_s")}
            saved = m["eager_step_s"] - m["compiled_step_s"]
            medians.append({"preset": preset, "precision": precision, **{k: rs[0][k] for k in ("tokens_per_step", "flops_per_step")}, **m,
                            "saved_step_s": saved, "saved_share": saved / m["eager_step_s"],
                            "saved_s_per_mtoken": saved / (rs[0]["tokens_per_step"] / 1e6),
                            "breakeven_steps": m["compile_s"] / saved if saved > 0 else None})
    out = Path(args.out); out.mkdir(parents=True, exist_ok=True)
    result = {"command": "python bench/compile_auto.py " + " ".join(sys.argv[1:]), "device": args.device,
              "machine": f"{platform.machine()}, {platform.processor() or platform.uname().machine}, {os.cpu_count()} cores, shared",
              "cpu_model": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), None) if Path("/proc/cpuinfo").exists() else None,
              "cpu_bf16": cpu_bf16(), "torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(),
              "steps": args.steps, "repeats": args.repeats, "medians": medians, "runs": runs}
    (out/"compile_auto.json").write_text(json.dumps(result, indent=1) + "\n")
    for m in medians:
        print(f"{m['preset']:10} {m['precision']}: compile {m['compile_s']:.1f}s, step {m['eager_step_s']:.3f}s -> {m['compiled_step_s']:.3f}s "
              f"({m['saved_share']:.0%} saved), break-even after {m['breakeven_steps'] or float('inf'):.0f} steps")
    print(f"wrote {out/'compile_auto.json'}")


if __name__ == "__main__":
    main()
