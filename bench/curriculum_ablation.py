"""Curriculum ablation: the same model, token budget and seeds, trained with random vs easy-to-hard vs staged document order.

    python bench/curriculum_ablation.py [--preset glimmer] [--tokens 1000000] [--seeds 0 1 2] [--out runs/curriculum_ablation]

On the synthetic corpus (20,000 documents, 512-token BPE; difficulty = document length in tokens), each
schedule trains one run per seed through `glint train --curriculum` (the same `glint.train.train`), then
the final checkpoint is scored on held-out synthetic minimal pairs (`glint.evals`). The table gives the
mean over seeds of the final validation bits per byte and the pair accuracy, each with a 95% t-interval
across seeds; `ablation.csv`, `ablation.json` and the learning curves (`curves.png`, from each run's
metrics.jsonl) are written to --out.
"""
import argparse, json, math, statistics, time
from pathlib import Path
import numpy as np

T95 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776}   # two-sided 95% t quantiles, by number of seeds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="glimmer")
    ap.add_argument("--tokens", type=int, default=1_000_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--out", default="runs/curriculum_ablation")
    args = ap.parse_args()
    import yaml, pandas as pd
    import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
    from glint.synth import documents
    from glint.tokenizer import train_bpe
    from glint.data import prepare
    from glint.train import TrainConfig, train
    from glint.evals import EvalConfig, evaluate_checkpoint
    out = Path(args.out); out.mkdir(parents=True, exist_ok=True)
    shards = out/"shards"
    if not (shards/"meta.json").is_file():
        tok = train_bpe(documents(20_000, seed=0), 512, show_progress=False)
        prepare("synthetic:20000", tok, shards, seed=0, val_fraction=0.02, progress=False)
    third = args.tokens // 3
    schedules = {
        "random": {"schedule": "random"},
        "easy_to_hard": {"schedule": "easy_to_hard", "scorer": "length"},
        "staged": {"schedule": "staged", "scorer": "length", "buckets": 3,
                   "stages": [{"until": third, "mix": [0.7, 0.3, 0.0]}, {"until": 2 * third, "mix": [0.3, 0.5, 0.2]}, {"mix": [0.2, 0.3, 0.5]}]},
    }
    rows, curves = [], {}
    for name, cur in schedules.items():
        for seed in args.seeds:
            run = out/f"{name}-s{seed}"
            (out/f"{name}-s{seed}.yaml").write_text(yaml.safe_dump({**cur, "seed": seed}))
            t0 = time.time()
            s = train(TrainConfig(preset=args.preset, data=str(shards), out=str(run), max_tokens=args.tokens, seed=seed,
                                  curriculum=str(out/f"{name}-s{seed}.yaml"), val_every=max(1, args.tokens // 8192 // 8)),
                      force=True, progress=False)
            res = evaluate_checkpoint(run/"ckpt"/s["checkpoints"][-1], EvalConfig(tasks=("synth",), synth_pairs=100), progress=False)
            rows.append({"schedule": name, "seed": seed, "val_bpb": s["val_bpb"], "synth_acc": res["tasks"]["synth"]["acc"],
                         "seconds": round(time.time() - t0, 1)})
            curves[name, seed] = [(json.loads(l)["tokens"], json.loads(l)["val_loss"]) for l in (run/"metrics.jsonl").read_text().splitlines()
                                  if "val_loss" in json.loads(l)]
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    def ci(v):
        m = statistics.mean(v); h = T95.get(len(v), 1.96) * statistics.stdev(v) / math.sqrt(len(v)) if len(v) > 1 else float("nan")
        return m, m - h, m + h
    table = []
    for name, g in df.groupby("schedule", sort=False):
        b, a = ci(list(g["val_bpb"])), ci(list(g["synth_acc"]))
        table.append({"schedule": name, "seeds": len(g), "val_bpb": round(b[0], 4), "val_bpb_ci95": f"[{b[1]:.4f}, {b[2]:.4f}]",
                      "synth_acc_%": round(100 * a[0], 2), "synth_acc_ci95": f"[{100 * a[1]:.2f}, {100 * a[2]:.2f}]",
                      "seconds_per_run": round(g["seconds"].mean(), 1)})
    table = pd.DataFrame(table)
    df.to_csv(out/"ablation_runs.csv", index=False); table.to_csv(out/"ablation.csv", index=False)
    (out/"ablation.json").write_text(json.dumps({"runs": rows, "table": table.to_dict(orient="records"), "preset": args.preset, "tokens": args.tokens}, indent=2))
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for (name, seed), pts in curves.items():
        if pts: ax.plot(*zip(*pts), color={"random": "C0", "easy_to_hard": "C1", "staged": "C2"}[name], alpha=0.7, label=name if seed == args.seeds[0] else None)
    ax.set_xlabel("training tokens"); ax.set_ylabel("validation loss (nats/token)"); ax.legend(); ax.set_title(f"{args.preset}: curriculum ablation")
    fig.tight_layout(); fig.savefig(out/"curves.png", dpi=110)
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
