"""Generation throughput: glint's KV-cache decoding against `transformers` `generate` on the same weights, and the laptop case.

    python bench/generate_throughput.py [--repeats 5] [--new-tokens 256] [--out data/results/generate_throughput]
    GLINT_DATA_DIR=../shared/data python bench/generate_throughput.py --quality      # also int8's WikiText-2 cost (trains a glint-1.3)

1. `glint-1.3` greedy decoding of `--new-tokens` tokens after an 8-token prompt, at batch 1 and batch 64: glint's
   `decode_tokens` on an `inference_copy` (fp32), eager and compiled (`compiled=True`: a torch.compile'd step over a static
   cache; its one-time compile is timed apart), against `transformers.LlamaForCausalLM.generate` on `to_llama` of the same
   model (its default dynamic cache, greedy, `min_new_tokens` so both produce every token). The three alternate their
   order; the table gives median tokens/s, glint's ratios to transformers, and the share of the first tokens (those
   inside the context, where all compute the same function) that agree with transformers'.
2. `minimythos` at batch 1 (`--mythos-tokens` new tokens): glint in fp32, bf16 and int8 (weight-only, per-channel scales).
3. With `--quality` (needs GLINT_DATA_DIR): `glint-1.3` trained on the books for `--train-tokens` tokens, then WikiText-2 bits
   per byte under glint's eval protocol in fp32 and in int8.

Weights are random in 1 and 2 (speed does not depend on their values); every run is on this machine's CPU with PyTorch's
default thread count. Results go to OUT/generate_throughput.json with the command in OUT/command.sh.
"""
import argparse, json, os, statistics, sys, tempfile, time
from pathlib import Path
import torch
from glint.config import get_preset
from glint.model import GlintLM, to_llama
from glint.generate import Sampling, decode_tokens, inference_copy


def glint_run(model, prompts, n, compiled=False):
    "Seconds for glint to greedy-decode n tokens per row, and the tokens."
    t0 = time.perf_counter()
    toks = torch.stack(list(decode_tokens(model, prompts, Sampling(max_new_tokens=n, stop_at_eos=False), compiled=compiled)), 1)
    return time.perf_counter() - t0, toks


def hf_run(hf, prompts, n):
    "Seconds for transformers to greedy-decode n tokens per row, and the tokens."
    ids = torch.tensor(prompts)
    t0 = time.perf_counter()
    with torch.no_grad():
        out = hf.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=n, min_new_tokens=n, do_sample=False,
                          eos_token_id=None, pad_token_id=0)
    return time.perf_counter() - t0, out[:, ids.size(1):]


def compare(batch, n, repeats, seed=0):
    "glint (eager and compiled) against transformers on glint-1.3 at this batch size: median tok/s, ratios, token agreement."
    cfg = get_preset("glint-1.3")
    model = GlintLM(cfg, seed=seed).eval()
    fast, hf = inference_copy(model), to_llama(model)
    prompts = torch.randint(0, cfg.vocab_size, (batch, 8), generator=torch.Generator().manual_seed(seed)).tolist()
    t0 = time.perf_counter(); glint_run(fast, prompts, n, compiled=True); compile_s = time.perf_counter() - t0   # compiles once
    glint_run(fast, prompts, 8); hf_run(hf, prompts, 8)    # warm-up
    runs = {"glint": (lambda: glint_run(fast, prompts, n)), "glint compiled": (lambda: glint_run(fast, prompts, n, True)),
            "transformers": (lambda: hf_run(hf, prompts, n))}
    secs, toks = {k: [] for k in runs}, {}
    for r in range(repeats):
        for name in (list(runs) if r % 2 == 0 else list(runs)[::-1]):   # alternate the order
            t, toks[name] = runs[name]()
            secs[name].append(t)
    inside = min(n, cfg.ctx_len - 8)   # tokens whose whole prefix is inside the context, where both compute the same function
    agree = {k: round((toks[k][:, :inside] == toks["transformers"][:, :inside]).float().mean().item(), 4) for k in ("glint", "glint compiled")}
    med = {k: statistics.median(v) for k, v in secs.items()}
    return dict(model="glint-1.3", batch=batch, new_tokens=n, repeats=repeats, compile_s=round(compile_s, 1),
                tok_s={k: round(batch * n / v, 1) for k, v in med.items()},
                ratio={k: round(med["transformers"] / med[k], 2) for k in ("glint", "glint compiled")},
                agree_first=inside, agreement=agree, seconds={k: [round(x, 4) for x in v] for k, v in secs.items()})


def laptop(n, repeats, seed=0):
    "minimythos at batch 1 in fp32, bf16 and int8: median tok/s each."
    model = GlintLM(get_preset("minimythos"), seed=seed).eval()
    prompts = [list(range(1, 9))]
    rows = []
    for dtype in ("fp32", "bf16", "int8"):
        m = inference_copy(model, dtype)
        glint_run(m, prompts, 4)
        secs = [glint_run(m, prompts, n)[0] for _ in range(repeats)]
        weights = sum(b.numel() * b.element_size() for b in list(m.parameters()) + list(m.buffers()) if b.dim() == 2)
        rows.append(dict(model="minimythos", dtype=dtype, batch=1, new_tokens=n, repeats=repeats, tok_s=round(n / statistics.median(secs), 2),
                         ms_per_token=round(1000 * statistics.median(secs) / n, 2), weight_mb=round(weights / 1e6, 1),
                         all_s=[round(x, 3) for x in secs]))
        del m
    return rows


def quality(train_tokens, seed=0):
    "WikiText-2 bits per byte of glint-1.3 trained on the books, fp32 against int8 (glint's eval protocol)."
    from glint.core import data_dir
    from glint.train import TrainConfig, train
    from glint.checkpoint import load_model
    from glint.tokenizer import load_tokenizer
    from glint.evals import EvalConfig, evaluate
    out = Path(tempfile.mkdtemp(prefix="glint-int8-"))
    s = train(TrainConfig(preset="glint-1.3", data=str(data_dir("corpus", "gutenberg_books")), doc_split="paragraph", out=str(out),
                          max_tokens=train_tokens, batch_size=16, lr=3e-3, allow_unchecked=True, seed=seed), progress=True)
    ckpt = out/"ckpt"/s["checkpoints"][-1]
    model, tok = load_model(ckpt), load_tokenizer(ckpt)
    rows = {}
    for dtype in ("fp32", "int8"):
        res = evaluate(inference_copy(model, dtype), tok, EvalConfig(tasks=("wikitext2",)), progress=False)
        rows[dtype] = res["tasks"]["wikitext2"]
    bpb = {k: v["bits_per_byte"] for k, v in rows.items()}
    return dict(model="glint-1.3", train_tokens=s["tokens"], train_seconds=s["seconds"], val_bpb_books=s["val_bpb"],
                wikitext2_bpb=bpb, int8_cost_bpb=round(bpb["int8"] - bpb["fp32"], 5),
                int8_cost_percent=round(100 * (bpb["int8"] / bpb["fp32"] - 1), 3))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--new-tokens", type=int, default=256)
    ap.add_argument("--mythos-tokens", type=int, default=64)
    ap.add_argument("--quality", action="store_true", help="also measure int8's WikiText-2 cost (needs GLINT_DATA_DIR)")
    ap.add_argument("--train-tokens", type=int, default=4_000_000)
    ap.add_argument("--out", default="data/results/generate_throughput")
    a = ap.parse_args()
    import transformers
    res = {"machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(), "torch": torch.__version__,
                       "transformers": transformers.__version__}, "compare": [], "laptop": []}
    for batch in (1, 64):
        row = compare(batch, a.new_tokens, a.repeats)
        res["compare"].append(row)
        t = row["tok_s"]
        print(f"glint-1.3 batch {batch:>2}: transformers {t['transformers']:>8,.0f} tok/s | glint {t['glint']:>8,.0f} tok/s ({row['ratio']['glint']:.2f}x) | "
              f"glint compiled {t['glint compiled']:>8,.0f} tok/s ({row['ratio']['glint compiled']:.2f}x, compile {row['compile_s']} s) | "
              f"first {row['agree_first']} tokens agree: {row['agreement']}", flush=True)
    for row in laptop(a.mythos_tokens, max(2, a.repeats // 2)):
        res["laptop"].append(row)
        print(f"minimythos batch 1 {row['dtype']:>4}: {row['tok_s']:>7.2f} tok/s ({row['ms_per_token']} ms/token, {row['weight_mb']} MB of matrices)", flush=True)
    if a.quality:
        res["quality"] = quality(a.train_tokens)
        q = res["quality"]
        print(f"int8 cost on WikiText-2: {q['wikitext2_bpb']['fp32']:.4f} -> {q['wikitext2_bpb']['int8']:.4f} bits/byte ({q['int8_cost_percent']:+.2f}%)")
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    old = json.loads((out/"generate_throughput.json").read_text()) if (out/"generate_throughput.json").is_file() else {}
    if "quality" not in res and "quality" in old: res["quality"] = old["quality"]   # a speed-only rerun keeps the measured int8 cost
    (out/"generate_throughput.json").write_text(json.dumps(res, indent=1) + "\n")
    (out/"command.sh").write_text("# from the repository root, on a quiet machine\n"
                                  "GLINT_DATA_DIR=${GLINT_DATA_DIR:-../shared/data} python bench/generate_throughput.py " + " ".join(sys.argv[1:]) + "\n")
    print(f"wrote {out/'generate_throughput.json'}")


if __name__ == "__main__": main()
