"""Curriculum and curation ablation: the same models, token budget and seeds, trained on documents in random,
easy-to-hard or staged order, and on text with and without dedup and decontamination.

    GLINT_DATA_DIR=../shared/data python bench/curriculum_ablation.py [--presets glimmer glint-1.3]
        [--corpora synthetic wiki] [--tokens 1000000] [--seeds 0 1 2] [--schedules random easy_to_hard staged]
        [--no-curation-effect] [--out data/results/curriculum_ablation] [--work runs/curriculum_ablation]
        [--force] [--prepare-only]

Corpora: `synthetic` (20,000 glint.synth documents; difficulty = length in tokens; scored on held-out synthetic
minimal pairs) and `wiki` (the Wikipedia extract of $GLINT_DATA_DIR, each paragraph a document, curated and
decontaminated with `glint.curate`; difficulty = unigram surprisal; scored on all of BLiMP and on WikiText-2 bits per
byte). Every run trains on the same seeded pool of documents (`pool_tokens`, a little more than the budget), so the
schedules differ only in order. Each (preset, corpus, schedule) runs once per seed through `glint.train.train` with
`--curriculum`.

Curation effect (wiki, the last preset): the raw extract with a planted copy of the test sets (the WikiText-2 test
paragraphs, detokenized as the article reads on the web, and the good sentences of the first 100 BLiMP pairs of every
paradigm, each twice) is trained on as is, after filters + dedup, and after filters + dedup + decontamination; BLiMP
is also split into planted and other pairs. When decontaminating the planted corpus gives back exactly the curated
clean corpus, that arm is the `random` run of the same seed and is not trained again.

Tables give the mean over seeds with a 95% t-interval across seeds. The small results go to --out: ablation.csv,
ablation.json, runs.csv (one row per run), curves.png, curation_effect.json, corpora.json (tokens of every corpus),
summary.json (date, minutes, the spread of each model and corpus over its runs) and command.sh (this command line).
Shards, checkpoints and per-run results go to --work; a finished run (its result.json) is not run again.
--prepare-only builds the corpora, shards and curation reports and writes curation_effect.json and corpora.json,
training nothing.
"""
import argparse, json, math, os, re, shlex, statistics, sys, time
from pathlib import Path

T95 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776}   # two-sided 95% t quantiles, by number of seeds
SCORER = {"synthetic": "length", "wiki": "unigram"}
WIKI = ("corpus", "enwiki_2014_extract")
RESULTS = ("ablation.csv", "ablation.json", "runs.csv", "curves.png", "curation_effect.json", "corpora.json", "summary.json", "command.sh")
PREPARED = ("curation_effect.json", "corpora.json")


def ci(v):
    m = statistics.mean(v)
    h = T95.get(len(v), 1.96) * statistics.stdev(v) / math.sqrt(len(v)) if len(v) > 1 else float("nan")
    return m, m - h, m + h


def schedules(tokens, scorer, seed):
    pool = {"pool_tokens": int(tokens * 1.05), "seed": seed}
    third = tokens // 3
    return {
        "random": {"schedule": "random", **pool},
        "easy_to_hard": {"schedule": "easy_to_hard", "scorer": scorer, **pool},
        "staged": {"schedule": "staged", "scorer": scorer, "buckets": 3, **pool,
                   "stages": [{"until": third, "mix": [0.7, 0.3, 0.0]}, {"until": 2 * third, "mix": [0.3, 0.5, 0.2]}, {"mix": [0.2, 0.3, 0.5]}]},
    }


def detokenize(text: str) -> str:
    "WikiText's spacing undone (' @-@ ' -> '-', no space before punctuation), as the article reads on a web page."
    text = re.sub(r" @([-,.])@ ", r"\1", text)
    text = re.sub(r" ([,.;:!?)\]'])", r"\1", text)
    return re.sub(r"([(\[]) ", r"\1", text).strip()


def planted_corpus(data: Path):
    "The raw Wikipedia paragraphs plus two copies of WikiText-2's test paragraphs and of 6,700 BLiMP good sentences; which BLiMP pairs leaked; the leak's size."
    from glint.core import data_dir, atomic_write
    from glint.data import iter_texts
    from glint.evals import load_blimp, load_wikitext2
    import numpy as np
    from collections import Counter
    f = data/"planted"/"docs.jsonl"
    blimp, nth, leaked_mask = load_blimp(), Counter(), []
    for r in blimp:   # the first 100 pairs of every paradigm leak
        nth[r["UID"]] += 1; leaked_mask.append(nth[r["UID"]] <= 100)
    leaked_mask = np.array(leaked_mask)
    leaked = [r["sentence_good"] for r, m in zip(blimp, leaked_mask) if m]
    wiki_paras = [detokenize(p) for p in load_wikitext2().split("\n\n") if p.strip()]
    blimp_docs = [" ".join(leaked[i:i + 10]) for i in range(0, len(leaked), 10)]
    raw = list(iter_texts(str(data_dir(*WIKI)), doc_split="paragraph"))   # each paragraph a document, as the run was made
    leak = 2 * (wiki_paras + blimp_docs)
    if not f.is_file():
        f.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(f, "".join(json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in raw + leak))
    words = lambda ds: sum(len(d.split()) for d in ds)
    size = {"raw": {"docs": len(raw), "words": words(raw)}, "leak": {"docs": len(leak), "words": words(leak), "wikitext2_paragraphs": len(wiki_paras),
            "blimp_pairs": int(leaked_mask.sum()), "blimp_docs": len(blimp_docs), "copies": 2}}
    return f, leaked_mask, size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presets", nargs="+", default=["glimmer", "glint-1.3"], help="models to train")
    ap.add_argument("--corpora", nargs="+", default=["synthetic", "wiki"], choices=["synthetic", "wiki"], help="corpora to train on")
    ap.add_argument("--tokens", type=int, default=1_000_000, help="training tokens per run")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="seeds (initialization, document pool and order)")
    ap.add_argument("--schedules", nargs="+", default=["random", "easy_to_hard", "staged"], choices=["random", "easy_to_hard", "staged"], help="document orders")
    ap.add_argument("--no-curation-effect", action="store_true", help="skip the planted-leak curation arms")
    ap.add_argument("--out", default="data/results/curriculum_ablation", help="folder for the small results (tables, JSON, figure, command.sh)")
    ap.add_argument("--work", default="runs/curriculum_ablation", help="folder for shards, checkpoints and per-run results (reused by a rerun)")
    ap.add_argument("--force", action="store_true", help="replace results already in --out")
    ap.add_argument("--prepare-only", action="store_true", help="build the corpora, shards and curation reports, write curation_effect.json and corpora.json, train nothing")
    args = ap.parse_args()
    out, work = Path(args.out), Path(args.work)
    clash = [f for f in (PREPARED if args.prepare_only else RESULTS) if (out/f).exists()]
    if clash and not args.force: sys.exit(f"curriculum_ablation: {out} already holds {', '.join(clash)}; pass --force to replace them or choose another --out")
    import yaml, numpy as np, pandas as pd
    from matplotlib.figure import Figure
    from glint.core import data_dir, atomic_write, write_json, read_json
    from glint.config import load_config
    from glint.synth import documents
    from glint.tokenizer import train_bpe, load_tokenizer
    from glint.data import prepare, iter_texts
    from glint.curate import CurateConfig, BENCHMARKS, curate_source
    work.mkdir(parents=True, exist_ok=True)
    t_start, started = time.time(), time.strftime("%Y-%m-%d")
    corpora = {}

    def shards_for(corpus, vocab, source=None, name=None):
        "Shards of `corpus` (or of `source`, with the corpus's tokenizer) for a vocabulary size; built once."
        tok_dir = work/"data"/f"{corpus}-tok{vocab}"
        if not (tok_dir/"tokenizer.json").is_file():
            texts = documents(20_000, seed=0) if corpus == "synthetic" else iter_texts(str(work/"data"/"wiki_curated"))
            train_bpe(texts, vocab, show_progress=False).save(tok_dir)
        d = work/"data"/f"{name or corpus}-v{vocab}"
        if not (d/"meta.json").is_file():
            src = source or ("synthetic:20000" if corpus == "synthetic" else str(work/"data"/"wiki_curated"))
            prepare(src, load_tokenizer(tok_dir), d, seed=0, val_fraction=0.02, progress=False)
        sp = read_json(d/"meta.json")["splits"]
        corpora[d.name] = {"train_tokens": sp["train"]["tokens"], "train_docs": sp["train"]["docs"], "val_tokens": sp["val"]["tokens"], "val_docs": sp["val"]["docs"]}
        return d

    if "wiki" in args.corpora and not (work/"data"/"wiki_curated"/"curation.json").is_file():
        t0 = time.time()
        rep = curate_source(str(data_dir(*WIKI)), work/"data"/"wiki_curated", CurateConfig(decontaminate=BENCHMARKS), doc_split="paragraph")
        print(f"curated the Wikipedia extract in {time.time() - t0:.0f}s: {rep['in']['docs']:,} -> {rep['kept']['docs']:,} docs; "
              f"eval items hit {rep['decontamination']['hits']}", flush=True)

    def run_one(preset, corpus, arm, seed, shards, cur, allow_unchecked=False, planted=None):
        from glint.train import TrainConfig, train
        from glint.evals import EvalConfig, evaluate_checkpoint
        run = work/"runs"/f"{preset}-{corpus}-{arm}-s{seed}-t{args.tokens}"
        if (run/"result.json").is_file(): return json.loads((run/"result.json").read_text())
        run.mkdir(parents=True, exist_ok=True)
        (run/"curriculum.yaml").write_text(yaml.safe_dump(cur))
        t0 = time.time()
        s = train(TrainConfig(preset=preset, data=str(shards), out=str(run/"train"), max_tokens=args.tokens, seed=seed,
                              curriculum=str(run/"curriculum.yaml"), val_every=max(1, args.tokens // 4096 // 10), allow_unchecked=allow_unchecked),
                  force=True, progress=False)
        t_train = time.time() - t0
        ckpt = run/"train"/"ckpt"/s["checkpoints"][-1]
        row = {"preset": preset, "corpus": corpus, "arm": arm, "seed": seed, "val_bpb": s["val_bpb"], "train_s": round(t_train, 1)}
        if corpus == "synthetic":
            res = evaluate_checkpoint(ckpt, EvalConfig(tasks=("synth",), synth_pairs=100), progress=False)
            row["synth_acc"] = res["tasks"]["synth"]["acc"]
        else:
            res = evaluate_checkpoint(ckpt, EvalConfig(tasks=("blimp", "wikitext2"), items=True), progress=False)
            b = res["tasks"]["blimp"]
            row.update(blimp_acc=b["acc"], wikitext2_bpb=res["tasks"]["wikitext2"]["bits_per_byte"], wikitext2_byte_ppl=res["tasks"]["wikitext2"]["byte_ppl"])
            if planted is not None:
                right = np.array(b["correct"])   # in load_blimp order, like the leaked mask
                row.update(blimp_planted=float(right[planted].mean()), blimp_other=float(right[~planted].mean()))
        row["eval_s"] = round(time.time() - t0 - t_train, 1)
        curve = [(json.loads(l)["tokens"], json.loads(l)["val_loss"]) for l in (run/"train"/"metrics.jsonl").read_text().splitlines() if "val_loss" in json.loads(l)]
        (run/"result.json").write_text(json.dumps({**row, "curve": curve}, indent=1))
        print({k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}, flush=True)
        return {**row, "curve": curve}

    effect_on = "wiki" in args.corpora and not args.no_curation_effect
    planted_file, planted, leak_size = planted_corpus(work/"data") if effect_on else (None, None, None)
    train_now = not args.prepare_only
    rows = []
    for corpus in args.corpora:
        for preset in args.presets:
            shards = shards_for(corpus, load_config(preset).vocab_size)
            for seed in args.seeds if train_now else []:
                for arm, cur in schedules(args.tokens, SCORER[corpus], seed).items():
                    if arm not in args.schedules: continue
                    rows.append(run_one(preset, corpus, arm, seed, shards, cur, planted=planted if corpus == "wiki" else None))

    effect, effect_record = [], None
    if effect_on:
        preset = args.presets[-1]; vocab = load_config(preset).vocab_size
        arms, reports = {"none": (planted_file, None)}, {}
        for name, cfg in {"filters+dedup": CurateConfig(), "filters+dedup+decontam": CurateConfig(decontaminate=BENCHMARKS)}.items():
            d = work/"data"/f"planted_{name.replace('+', '_')}"
            if not (d/"curation.json").is_file():
                rep = curate_source(str(planted_file.parent), d, cfg)
                print(f"{name}: {rep['in']['docs']:,} -> {rep['kept']['docs']:,} docs, dropped {rep['dropped']}", flush=True)
            r = read_json(d/"curation.json")
            reports[name] = {k: r[k] for k in ("in", "kept", "dropped", "dropped_words")} | {"items_hit": (r["decontamination"] or {}).get("hits")}
            arms[name] = (d, cfg)
        clean = (work/"data"/"wiki_curated"/"docs.jsonl").read_bytes() == (arms["filters+dedup+decontam"][0]/"docs.jsonl").read_bytes()
        print(f"decontaminated planted corpus == curated clean corpus: {clean}", flush=True)
        for name, (src, cfg) in arms.items():
            if clean and cfg is not None and cfg.decontaminate:
                effect += [{**r, "arm": f"curation={name}"} for r in rows if (r["preset"], r["corpus"], r["arm"]) == (preset, "wiki", "random")]
                continue
            shards = shards_for("wiki", vocab, source=str(src), name=f"planted_{name.replace('+', '_')}")
            for seed in args.seeds if train_now else []:
                r = run_one(preset, "wiki", f"curation={name}", seed, shards, {"schedule": "random", "pool_tokens": int(args.tokens * 1.05), "seed": seed},
                            allow_unchecked=cfg is None or not cfg.decontaminate, planted=planted)
                effect.append(r)
        effect_record = {"preset": preset, "pool_tokens": int(args.tokens * 1.05), "corpus": leak_size, "arms": reports,
                         "decontaminated_equals_clean": clean, "planted_shards": f"planted_none-v{vocab}"}

    out.mkdir(parents=True, exist_ok=True)
    if effect_record is not None: write_json(out/"curation_effect.json", effect_record)
    write_json(out/"corpora.json", corpora)
    if args.prepare_only:
        print(f"prepared {', '.join(corpora)}; wrote {out}/curation_effect.json and corpora.json"); return

    df = pd.DataFrame([{k: v for k, v in r.items() if k != "curve"} for r in rows + effect])
    atomic_write(out/"runs.csv", df.to_csv(index=False))
    metrics = [m for m in ("val_bpb", "synth_acc", "blimp_acc", "wikitext2_bpb", "blimp_planted", "blimp_other") if m in df]
    table = []
    for (preset, corpus, arm), g in df.groupby(["preset", "corpus", "arm"], sort=False):
        row = {"preset": preset, "corpus": corpus, "arm": arm, "seeds": len(g)}
        for m in metrics:
            v = g[m].dropna().tolist()
            if not v: continue
            c = ci(v); scale = 100 if m.startswith(("blimp", "synth")) else 1
            row[m] = round(scale * c[0], 2 if scale == 100 else 4); row[m + "_ci95"] = f"[{scale * c[1]:.{2 if scale == 100 else 4}f}, {scale * c[2]:.{2 if scale == 100 else 4}f}]"
        row["train_s"] = round(g["train_s"].median(), 1); row["eval_s"] = round(g["eval_s"].median(), 1)
        table.append(row)
    table = pd.DataFrame(table)
    atomic_write(out/"ablation.csv", table.to_csv(index=False))
    write_json(out/"ablation.json", {"tokens": args.tokens, "seeds": args.seeds, "table": json.loads(table.to_json(orient="records")),
                                     "runs": json.loads(json.dumps(rows + effect, default=str))})
    spread = {f"{p}/{c}": [round(float(g["val_bpb"].min()), 4), round(float(g["val_bpb"].max()), 4)]
              for (p, c), g in pd.DataFrame(rows).groupby(["preset", "corpus"], sort=False)} if rows else {}
    write_json(out/"summary.json", {"date": started, "minutes": round((time.time() - t_start) / 60), "cpu_cores": os.cpu_count(), "tokens": args.tokens,
                                    "seeds": args.seeds, "presets": args.presets, "corpora": args.corpora, "schedules": args.schedules,
                                    "val_bpb_range": spread})
    keys = sorted({(r["preset"], r["corpus"]) for r in rows}, key=lambda k: (args.corpora.index(k[1]), args.presets.index(k[0])))
    if keys:
        fig = Figure(figsize=(4.2 * len(keys), 3.4)); axes = fig.subplots(1, len(keys), squeeze=False)
        colors = {"random": "C0", "easy_to_hard": "C1", "staged": "C2"}
        for ax, (preset, corpus) in zip(axes[0], keys):
            for r in rows:
                if (r["preset"], r["corpus"]) == (preset, corpus) and r["curve"]:
                    ax.plot(*zip(*r["curve"]), color=colors[r["arm"]], alpha=0.7, label=r["arm"] if r["seed"] == args.seeds[0] else None)
            ax.set_title(f"{preset} on {corpus}"); ax.set_xlabel("training tokens"); ax.set_ylabel("validation loss (nats/token)"); ax.legend(fontsize=8)
        fig.tight_layout(); fig.savefig(out/"curves.png", dpi=110)
    atomic_write(out/"command.sh", f"# {started}: {round((time.time() - t_start) / 60)} minutes on {os.cpu_count()} CPU cores\n"
                 f"GLINT_DATA_DIR=${{GLINT_DATA_DIR:?}} python bench/curriculum_ablation.py {shlex.join(sys.argv[1:])}\n")
    pd.set_option("display.width", 250)
    print(table.to_string(index=False))
    print(f"total {time.time() - t_start:.0f}s; results in {out}")


if __name__ == "__main__":
    main()
