"""Tokenizer sizes: the byte tokenizer (257 tokens) against byte-level BPE of 500 to 8,000 tokens, each feeding the
same model shape trained on the same bytes of the same text (the default), or on the same training FLOPs (`--flops`).

    GLINT_DATA_DIR=../shared/data OMP_NUM_THREADS=1 RAYON_NUM_THREADS=1 python bench/tokenizer_sizes.py
        [--vocabs 257 500 1000 2000 4000 8000] [--bytes 4000000 | --flops F] [--layers 2] [--seed 0] [--heldout 0.01]
        [--blimp-every 6] [--out DIR] [--work runs/tokenizer_sizes] [--curated DIR] [--force]

Text: the 123 Gutenberg books of $GLINT_DATA_DIR, each paragraph a document, curated and decontaminated against BLiMP,
ARC-Easy and WikiText-2 (`glint.curate`, as `glint curate --doc-split paragraph --decontaminate blimp,arc_easy,wikitext2`).
A seeded `--heldout` share of the curated paragraphs is held out; the BPE tokenizers are trained on the rest, which is
also the training text. Vocabulary 257 is `glint.tokenizer.byte_tokenizer`, any other size `glint.tokenizer.train_bpe`.

For each tokenizer: bytes per token (`glint.tokenizer.bytes_per_token`) on the WikiText-2 test text, on the held-out
books and on the training text; then `glint-1.3`'s width and MLP with `--layers` layers, its vocabulary set to the
tokenizer's and no head padding (`vocab_multiple=1`, so the embedding share is the vocabulary's own), trained with the
same seed and schedule on a budget that is the same for every tokenizer:

- `--bytes B` (the default, 4,000,000): B bytes of text; the byte budget becomes each tokenizer's token budget through
  its bytes per token on the training text. Results: --out (default data/results/tokenizer_sizes)/tokenizer_sizes.*.
- `--flops F`: F training FLOPs; the token budget is F / `glint.train.flops_per_token(model, ctx_len)` (forward and
  backward matmuls, the head's included, and causal attention), rounded to whole optimizer steps, so a bigger vocabulary
  (a bigger head) trains on fewer tokens and a longer-token one on more bytes per token. Results: --out (default
  data/results/tokenizer_compute)/tokenizer_compute.*.

Each record carries the training tokens, bytes (tokens x bytes per token of the training text), FLOPs per token and
FLOPs (FLOPs per token x tokens trained) whatever the budget. The checkpoint is scored by `glint.evals.evaluate_checkpoint` on WikiText-2 (bits
per byte, byte perplexity) and on every `--blimp-every`-th BLiMP paradigm (accuracy, bootstrap 95% interval; 0 skips
BLiMP), and by `glint.evals.perplexity_task` on the held-out books (same windows as WikiText-2).

The sequence length stays the model's 256 tokens, so a bigger vocabulary also sees more bytes of context per window,
and a smaller one takes more optimizer steps for the same bytes; both are part of what a tokenizer choice changes.

The small results go to --out: STEM.json (run config, git commit, date, seconds, one record per vocabulary), STEM.csv
(the table), STEM.png and command.sh, STEM being tokenizer_sizes or tokenizer_compute as above. The curated text,
tokenizers, shards, checkpoints and per-run results go to --work; a finished stage (its output file) is not run again,
and both budgets share the tokenizers and shards of one --work. `--curated DIR` takes the curated paragraphs from a
folder `glint curate --data $GLINT_DATA_DIR/corpus/gutenberg_books --doc-split paragraph --decontaminate
blimp,arc_easy,wikitext2 --out DIR` made (checked against the configuration this script would use) instead of
curating into --work; command.sh then makes DIR that way first unless it is there.
"""
import argparse, json, os, shlex, subprocess, sys, time
from dataclasses import asdict
from pathlib import Path

BOOKS = ("corpus", "gutenberg_books")
STEMS = {"bytes": "tokenizer_sizes", "flops": "tokenizer_compute"}   # results file names (and default --out folder) per budget


def results_files(stem: str) -> tuple[str, ...]:
    "The files a run writes to --out."
    return (f"{stem}.json", f"{stem}.csv", f"{stem}.png", "command.sh")
PRESET = "glint-1.3"


def git_commit() -> str | None:
    "The checkout's HEAD commit, or None outside git."
    r = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True)
    return r.stdout.strip() or None


def say(stage: str, msg: str):
    "One progress line per stage."
    print(f"[{time.strftime('%H:%M:%S')}] {stage}: {msg}", flush=True)


def curate_books(folder: Path, made_elsewhere: bool = False) -> dict:
    """The books, each paragraph a document, filtered, deduplicated and decontaminated into `folder` (once); the report.
    With `made_elsewhere`, `folder` must already hold a curation made with this configuration (`--curated`)."""
    from glint.core import data_dir, read_json
    from glint.curate import CurateConfig, BENCHMARKS, curate_source
    t0 = time.time()
    want = json.loads(json.dumps(asdict(CurateConfig(decontaminate=BENCHMARKS))))
    if made_elsewhere:
        if not (folder/"curation.json").is_file() or not (folder/"docs.jsonl").is_file(): sys.exit(f"tokenizer_sizes: --curated {folder} holds no curation.json and docs.jsonl")
        got = read_json(folder/"curation.json")
        if got.get("config") != want or got.get("doc_split") != "paragraph" or not str(got.get("source", "")).rstrip("/").endswith("/".join(BOOKS)):
            sys.exit(f"tokenizer_sizes: --curated {folder} was not curated from {'/'.join(BOOKS)} by paragraph with this script's configuration; leave --curated out to curate into --work")
    elif not (folder/"curation.json").is_file():
        curate_source(str(data_dir(*BOOKS)), folder, CurateConfig(decontaminate=BENCHMARKS), doc_split="paragraph")
    rep = read_json(folder/"curation.json")
    say("curate", f"{rep['in']['docs']:,} -> {rep['kept']['docs']:,} paragraphs in {time.time() - t0:.0f}s; eval items hit {rep['decontamination']['hits']}")
    return rep


def split_heldout(curated: Path, folder: Path, share: float, seed: int) -> tuple[list[str], list[str]]:
    """Training and held-out paragraphs: each curated paragraph held out with probability `share` (seeded). Each part is
    written to `folder`/PART as docs.jsonl with the curated report, re-pointed at the part, so its shards keep the record."""
    import numpy as np
    from glint.core import atomic_write, short_hash, write_json, read_json
    docs = [json.loads(l)["text"] for l in (curated/"docs.jsonl").read_text(encoding="utf-8").splitlines()]
    held = np.random.default_rng(seed).random(len(docs)) < share
    parts = {"train": [d for d, h in zip(docs, held) if not h], "heldout": [d for d, h in zip(docs, held) if h]}
    for name, part in parts.items():
        if (folder/name/"curation.json").is_file(): continue
        body = "".join(json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in part)
        atomic_write(folder/name/"docs.jsonl", body)
        rep = read_json(curated/"curation.json")
        write_json(folder/name/"curation.json", {**rep, "output": {"file": "docs.jsonl", "sha": short_hash(body.encode())},
                                                 "kept": {"docs": len(part), "words": sum(len(d.split()) for d in part), "chars": sum(map(len, part))},
                                                 "split": {"of": rep["output"], "part": name, "heldout_share": share, "seed": seed}})
    return parts["train"], parts["heldout"]


def tokenizer_for(vocab: int, train_docs: list[str], folder: Path):
    "The byte tokenizer for 257, else a BPE of `vocab` tokens trained on the training paragraphs; saved in `folder` once."
    from glint.tokenizer import byte_tokenizer, train_bpe, load_tokenizer
    if not (folder/"tokenizer.json").is_file():
        (byte_tokenizer() if vocab == 257 else train_bpe(train_docs, vocab)).save(folder)
    tok = load_tokenizer(folder)
    if tok.vocab_size != vocab: sys.exit(f"tokenizer_sizes: {folder} has {tok.vocab_size} tokens, not {vocab}; delete it or choose another --work")
    return tok


def model_overrides(vocab: int, layers: int) -> dict:
    "The fixed model shape (glint-1.3's width and MLP, `layers` layers) with this vocabulary and no head padding."
    return {"n_layers": layers, "vocab_size": vocab, "vocab_multiple": 1, "tokenizer": "bytes" if vocab == 257 else "bpe"}


def param_counts(vocab: int, layers: int) -> dict:
    "Parameters of the model for this vocabulary, and the share in the input embedding and the (untied) head."
    from glint.config import load_config, count_params
    c = count_params(load_config(PRESET, model_overrides(vocab, layers)))
    emb = c["embed"] + c["head"]
    return {"params": c["total"], "embedding_params": emb, "non_embedding_params": c["non_embedding"], "embedding_share": emb / c["total"]}


def heldout_bpb(ckpt: Path, text: str) -> dict:
    "Bits per byte and byte perplexity of the held-out books under the checkpoint, windows as in glint's WikiText-2 eval."
    from glint.checkpoint import load_model
    from glint.tokenizer import load_tokenizer
    from glint.evals import perplexity_task
    model = load_model(ckpt).eval()
    r = perplexity_task(model, load_tokenizer(ckpt), text, model.cfg.ctx_len, progress=False)
    return {"bits_per_byte": r["bits_per_byte"], "byte_ppl": r["byte_ppl"]}


def flops_of(vocab: int, layers: int) -> float:
    "Training FLOPs per token of the model for this vocabulary at its sequence length (`glint.train.flops_per_token`)."
    from glint.config import load_config
    from glint.train import flops_per_token
    cfg = load_config(PRESET, model_overrides(vocab, layers))
    return flops_per_token(cfg, cfg.ctx_len)


def token_budget(vocab: int, bpt_train: float, args) -> int:
    """Training tokens for this tokenizer: `args.bytes` bytes of training text, or `args.flops` FLOPs rounded to the
    nearest whole optimizer step (the trainer runs max_tokens // tokens-per-step steps)."""
    from glint.config import load_config
    from glint.train import TrainConfig
    if args.flops is None: return round(args.bytes / bpt_train)
    d = TrainConfig()
    per_step = d.batch_size * d.grad_accum * load_config(PRESET, model_overrides(vocab, args.layers)).ctx_len
    return max(1, round(args.flops / flops_of(vocab, args.layers) / per_step)) * per_step


def run_one(vocab: int, shards: Path, bpt_train: float, args, run: Path, heldout_text: str, blimp: list[str]) -> dict:
    "Train the model on this tokenizer's token budget (`token_budget`) and evaluate it; cached in run/result.json."
    from glint.core import read_json, write_json
    from glint.train import TrainConfig, train
    from glint.evals import EvalConfig, evaluate_checkpoint
    if (run/"result.json").is_file(): return read_json(run/"result.json")
    cfg = TrainConfig(preset=PRESET, model=model_overrides(vocab, args.layers), data=str(shards), out=str(run/"train"),
                      max_tokens=token_budget(vocab, bpt_train, args), seed=args.seed, val_batches=4,   # the held-out books are scored apart
                      compile="off")   # runs of minutes on a CPU never repay torch.compile (data/results/compile_auto)
    t0 = time.time()
    s = train(cfg, force=True, progress=False)
    t_train = time.time() - t0
    say(f"train v{vocab}", f"{s['steps']} steps, {s['tokens']:,} tokens ({s['tokens'] * bpt_train:,.0f} bytes) in {t_train:.0f}s, final loss {s['final_loss']:.3f}")
    ckpt = run/"train"/"ckpt"/s["checkpoints"][-1]
    tasks = ("wikitext2", "blimp") if blimp else ("wikitext2",)
    res = evaluate_checkpoint(ckpt, EvalConfig(tasks=tasks, blimp_paradigms=tuple(blimp) or None), progress=False)
    write_json(run/"eval.json", res)
    wt = res["tasks"]["wikitext2"]
    row = {"train_tokens": s["tokens"], "train_bytes": round(s["tokens"] * bpt_train), "train_steps": s["steps"],
           "wikitext2_bpb": wt["bits_per_byte"], "wikitext2_byte_ppl": wt["byte_ppl"]}
    if blimp: row.update(blimp_acc=res["tasks"]["blimp"]["acc"], blimp_ci95=res["tasks"]["blimp"]["ci95"], blimp_pairs=res["tasks"]["blimp"]["n"])
    books = heldout_bpb(ckpt, heldout_text)
    row.update(books_bpb=books["bits_per_byte"], books_byte_ppl=books["byte_ppl"], train_s=round(t_train, 1), eval_s=round(time.time() - t0 - t_train, 1))
    row["train_config"] = json.loads(json.dumps(asdict(cfg)))   # tuples as lists
    write_json(run/"result.json", row)
    return row


def figure(df, path: Path, budget: str = "bytes", flops: float | None = None):
    """Bits per byte (left) against vocabulary size, log x axis; on the right bytes per token (same bytes) or the training
    tokens and bytes each model got (same FLOPs)."""
    from matplotlib.figure import Figure
    fig = Figure(figsize=(9, 3.6)); ax1, ax2 = fig.subplots(1, 2)
    for col, label in (("wikitext2_bpb", "WikiText-2 test"), ("books_bpb", "held-out books")):
        ax1.plot(df["vocab_size"], df[col], "o-", label=label)
    ax1.set_ylabel("bits per byte (lower is better)")
    if budget == "bytes":
        for col, label in (("bpt_wikitext2", "WikiText-2 test"), ("bpt_books", "held-out books")):
            ax2.plot(df["vocab_size"], df[col], "o-", label=label)
        ax2.set_ylabel("bytes per token")
    else:
        for col, label in (("train_tokens", "training tokens"), ("train_bytes", "training bytes")):
            ax2.plot(df["vocab_size"], df[col] / 1e6, "o-", label=label)
        ax2.set_ylabel("millions"); ax2.set_ylim(bottom=0)
    for ax in (ax1, ax2):
        ax.set_xscale("log"); ax.set_xticks(df["vocab_size"], [str(v) for v in df["vocab_size"]], fontsize=8); ax.minorticks_off()
        ax.set_xlabel("vocabulary size (257 = bytes)"); ax.grid(alpha=0.3); ax.legend(fontsize=8)
    fig.suptitle(f"same model body, same {df['train_bytes'].median() / 1e6:.1f}M training bytes of curated books" if budget == "bytes"
                 else f"same model body, same {flops:.3g} training FLOPs on curated books", fontsize=10)
    fig.tight_layout(); fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vocabs", type=int, nargs="+", default=[257, 500, 1000, 2000, 4000, 8000], help="vocabulary sizes (257: the byte tokenizer; others: BPE)")
    budget = ap.add_mutually_exclusive_group()
    budget.add_argument("--bytes", type=int, default=None, help="training bytes of text per model, the same for every tokenizer (the default budget: 4,000,000)")
    budget.add_argument("--flops", type=float, default=None, help="training FLOPs per model instead, the same for every tokenizer (glint.train.flops_per_token x tokens)")
    ap.add_argument("--layers", type=int, default=2, help="layers of the fixed model shape (glint-1.3 has 4)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the model's initialization, the data order and the held-out split")
    ap.add_argument("--heldout", type=float, default=0.01, help="share of the curated paragraphs held out from tokenizer and model training")
    ap.add_argument("--blimp-every", type=int, default=6, help="score every N-th BLiMP paradigm (1: all 67; 0: no BLiMP)")
    ap.add_argument("--out", default=None, help="folder for the small results (JSON, CSV, figure, command.sh); default data/results/tokenizer_sizes, or data/results/tokenizer_compute with --flops")
    ap.add_argument("--work", default="runs/tokenizer_sizes", help="folder for the curated text, tokenizers, shards and runs (reused by a rerun)")
    ap.add_argument("--curated", default=None, help="folder of books already curated by `glint curate` with this script's configuration (default: curate into --work)")
    ap.add_argument("--force", action="store_true", help="replace results already in --out")
    args = ap.parse_args()
    mode = "flops" if args.flops is not None else "bytes"
    if mode == "bytes" and args.bytes is None: args.bytes = 4_000_000
    if (args.bytes is not None and args.bytes <= 0) or (args.flops is not None and args.flops <= 0): ap.error("the budget must be positive")
    stem = STEMS[mode]
    if args.out is None: args.out = f"data/results/{stem}"
    if not os.environ.get("GLINT_DATA_DIR") or not Path(os.environ["GLINT_DATA_DIR"]).is_dir():
        sys.exit("tokenizer_sizes: GLINT_DATA_DIR is not set to a folder; point it at the shared data (e.g. GLINT_DATA_DIR=../shared/data)")
    if any(v != 257 and v < 263 for v in args.vocabs): ap.error("--vocabs: 257 is the byte tokenizer; a BPE needs at least 263 (256 bytes + 7 special tokens)")
    out, work = Path(args.out), Path(args.work)
    clash = [f for f in results_files(stem) if (out/f).exists()]
    if clash and not args.force: sys.exit(f"tokenizer_sizes: {out} already holds {', '.join(clash)}; pass --force to replace them or choose another --out")
    import pandas as pd
    from glint.core import data_dir, atomic_write, write_json
    from glint.data import prepare
    from glint.tokenizer import bytes_per_token
    from glint.config import load_config
    from glint.evals import load_wikitext2, BLIMP_PARADIGMS
    t_start, started = time.time(), time.strftime("%Y-%m-%d")
    work.mkdir(parents=True, exist_ok=True)

    curated = Path(args.curated) if args.curated else work/"curated"
    curation = curate_books(curated, made_elsewhere=bool(args.curated))
    text = work/f"text-h{args.heldout}-s{args.seed}"   # the split, and the tokenizers and shards made from it
    if (text/"train"/"curation.json").is_file() and json.loads((text/"train"/"curation.json").read_text())["split"]["of"] != curation["output"]:
        sys.exit(f"tokenizer_sizes: {text} was split from another curation than {curated}; choose another --work")
    train_docs, held_docs = split_heldout(curated, text, args.heldout, args.seed)
    heldout_text = "\n\n".join(held_docs)   # paragraphs joined by a blank line, as WikiText-2's are
    train_sample = "\n\n".join(train_docs[::10])   # every 10th training paragraph: the whole text takes ~25s a tokenizer to encode as one string
    wikitext = load_wikitext2(data_dir("wikitext2"))
    say("split", f"{len(train_docs):,} training paragraphs ({sum(len(d.encode()) for d in train_docs):,} bytes), {len(held_docs):,} held out ({len(heldout_text.encode()):,} bytes)")
    blimp = list(BLIMP_PARADIGMS[::args.blimp_every]) if args.blimp_every > 0 else []

    rows = []
    for vocab in args.vocabs:
        t0 = time.time()
        tok = tokenizer_for(vocab, train_docs, text/"tokenizers"/f"v{vocab}")
        # the training text's ratio turns the byte budget into tokens (its shards put an end-of-text token, not a blank line, between paragraphs)
        bpt = {"bpt_wikitext2": bytes_per_token(tok, wikitext), "bpt_books": bytes_per_token(tok, heldout_text), "bpt_train": bytes_per_token(tok, train_sample)}
        t_tok = time.time() - t0
        shards = text/"shards"/f"v{vocab}"
        if not (shards/"meta.json").is_file():   # the trainer wants a validation split; the held-out books are scored apart
            prepare(str(text/"train"/"docs.jsonl"), tok, shards, seed=args.seed, val_fraction=0.005, progress=False)
        t_shards = time.time() - t0 - t_tok
        say(f"tokenizer v{vocab}", f"{tok.kind}, bytes/token: WikiText-2 {bpt['bpt_wikitext2']:.3f}, held-out books {bpt['bpt_books']:.3f}, "
                                   f"training text {bpt['bpt_train']:.3f}; tokenizer {t_tok:.0f}s, shards {t_shards:.0f}s")
        run = text/"runs"/(f"v{vocab}-L{args.layers}-b{args.bytes}-blimp{args.blimp_every}" if mode == "bytes" else f"v{vocab}-L{args.layers}-f{args.flops:g}-blimp{args.blimp_every}")
        r = run_one(vocab, shards, bpt["bpt_train"], args, run, heldout_text, blimp)
        say(f"eval v{vocab}", f"WikiText-2 {r['wikitext2_bpb']:.4f} bits/byte, held-out books {r['books_bpb']:.4f}"
                              + (f", BLiMP {100 * r['blimp_acc']:.2f}%" if blimp else "") + f" (eval {r['eval_s']:.0f}s)")
        fpt = flops_of(vocab, args.layers)
        rows.append({"vocab_size": vocab, "kind": tok.kind, "tokenizer_hash": tok.hash, **bpt, **param_counts(vocab, args.layers),
                     **r, "flops_per_token": fpt, "train_flops": fpt * r["train_tokens"], "tokenizer_s": round(t_tok, 1), "shards_s": round(t_shards, 1), "model_config": load_config(PRESET, model_overrides(vocab, args.layers)).to_dict()})

    out.mkdir(parents=True, exist_ok=True)
    df = pd.DataFrame([{k: v for k, v in r.items() if k not in ("train_config", "model_config")} for r in rows])
    if blimp: df[["blimp_lo", "blimp_hi"]] = pd.DataFrame(df.pop("blimp_ci95").tolist(), index=df.index)   # flat columns for the CSV
    atomic_write(out/f"{stem}.csv", df.to_csv(index=False, float_format="%.6g"))
    total = time.time() - t_start
    write_json(out/f"{stem}.json", {
        "date": started, "git_commit": git_commit(), "seconds": round(total), "cpu_cores": os.cpu_count(),
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "RAYON_NUM_THREADS")},
        "config": {"vocabs": args.vocabs, "budget": mode, "train_bytes": args.bytes, "train_flops": args.flops,
                   "flops": "glint.train.flops_per_token(model, ctx_len) x training tokens: forward and backward matmuls (head included) and causal attention",
                   "seed": args.seed, "heldout_share": args.heldout, "preset": PRESET,
                   "layers": args.layers, "blimp_paradigms": blimp,
                   "eval": "glint.evals.evaluate_checkpoint, fp32, non-overlapping windows of the model's ctx_len; held-out books: glint.evals.perplexity_task, same windows",
                   "text": {"source": "$GLINT_DATA_DIR/" + "/".join(BOOKS), "doc_split": "paragraph", "curated": str(curated),
                            "curation": {k: curation[k] for k in ("config", "in", "kept", "decontamination")},
                            "train_paragraphs": len(train_docs), "train_bytes": sum(len(d.encode()) for d in train_docs),
                            "heldout_paragraphs": len(held_docs), "heldout_bytes": len(heldout_text.encode())}},
        "records": rows})
    figure(df, out/f"{stem}.png", mode, args.flops)
    same = "training bytes" if mode == "bytes" else f"training FLOPs ({args.flops:g})"
    make_curated = ("" if not args.curated else   # the folder --curated named, made as the script checked it was
                    f"[ -f {shlex.quote(args.curated)}/curation.json ] || glint curate --data \"${{GLINT_DATA_DIR:?}}/{'/'.join(BOOKS)}\" --doc-split paragraph "
                    f"--decontaminate {','.join(curation['config']['decontaminate'])} --out {shlex.quote(args.curated)}\n")
    atomic_write(out/"command.sh", f"# {stem}.json, .csv and .png: vocabularies {', '.join(map(str, args.vocabs))} (257 = bytes), same model and {same} "
                 f"({started}, {total / 60:.0f} minutes on {os.cpu_count()} shared CPU cores), run from the repository root\n"
                 + make_curated +
                 f"GLINT_DATA_DIR=${{GLINT_DATA_DIR:?}} OMP_NUM_THREADS=1 RAYON_NUM_THREADS=1 python bench/tokenizer_sizes.py {shlex.join(sys.argv[1:])}\n")
    pd.set_option("display.width", 250)
    cols = ["vocab_size", "kind", "bpt_wikitext2", "bpt_books", "embedding_share", "params", "train_tokens", "train_bytes", "train_flops",
            "wikitext2_bpb", "wikitext2_byte_ppl", "books_bpb"] + (["blimp_acc", "blimp_lo", "blimp_hi"] if blimp else []) + ["train_s", "eval_s"]
    print(df[cols].round(4).to_string(index=False))
    print(f"total {total:.0f}s; results in {out}")


if __name__ == "__main__":
    main()
