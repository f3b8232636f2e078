"""Merge throughput: glint's streaming merges of minimythos-sized checkpoints, and the same two-way SLERP through mergekit.

    python bench/merge_throughput.py [--preset minimythos] [--methods nway_slerp,karcher,linear] [--repeats 2] [--threads 1]
    python bench/merge_throughput.py --parity CKPT_A CKPT_B      # glint's slerp vs mergekit's, tensor by tensor, on two checkpoints

Three random checkpoints (`GlintLM(get_preset(preset), seed=i)`, saved with `save_model`) are written to a temporary folder;
each three-way method merges them from disk with `glint.merge.merge`, and a two-way SLERP of the first two runs with
mergekit's example gradient config, unedited (its `self_attn` filter reads the Llama names glint maps every tensor to with
`glint.model.llama_name`). Per run the table gives seconds, GB/s
(bytes of the input checkpoints per second), the peak anonymous memory (RssAnon, sampled every 2 ms) above its level
before the merge, and the peak total RSS (which adds the mmapped input pages the kernel keeps resident while a file is
open; reclaimable page cache), beside two yardsticks: the inputs and output of the largest
tensor, (n + 1) x its bytes (what a streaming merge must hold, before the method's float32 temporaries), and the n models whole.

mergekit is not a glint dependency. Where it imports (e.g. `python -m venv --system-site-packages /tmp/mkvenv &&
/tmp/mkvenv/bin/pip install mergekit`, then `PYTHONPATH=. /tmp/mkvenv/bin/python bench/merge_throughput.py`), the two-way
SLERP also runs through mergekit's own pipeline (`run_merge` on Llama-format copies of the same checkpoints, written here),
alternating which tool goes first, and the two outputs are compared tensor by tensor (end-to-end parity, same per-tensor t);
glint then merges the Llama-format copies too, with the same config, and its Hugging Face output is compared with mergekit's.
"""
import argparse, ctypes, gc, json, math, shutil, sys, tempfile, threading, time
from pathlib import Path
import torch
from safetensors import safe_open
from glint.config import get_preset, load_config
from glint.checkpoint import ST_DTYPES, save_model, write_safetensors
from glint.merge import merge
from glint.model import GlintLM, llama_name

T_MERGEKIT = [{"filter": "self_attn", "value": [0, 0.5, 0.3, 0.7, 1]}, {"filter": "mlp", "value": [1, 0.5, 0.7, 0.3, 0]}, {"value": 0.5}]


def rss() -> tuple[int, int]:
    "(anonymous, total) resident memory of this process in bytes; total adds the file-backed pages of mmapped inputs."
    got = {}
    for line in open("/proc/self/status"):
        if line.startswith(("RssAnon:", "VmRSS:")): k, v, _ = line.split(); got[k] = int(v) * 1024
    return got.get("RssAnon:", 0), got.get("VmRSS:", 0)


class PeakMemory:
    "Sample memory every 2 ms in a thread; `.peak` / `.peak_total`: the largest anonymous / total RSS above the level at entry."
    def __enter__(self):
        gc.collect()
        try: ctypes.CDLL("libc.so.6").malloc_trim(0)   # hand freed heap back, so reused memory counts again
        except OSError: pass
        self.base, self.peak, self.peak_total, self.stop = rss(), 0, 0, False
        self.t = threading.Thread(target=self.run, daemon=True); self.t.start(); return self
    def run(self):
        while not self.stop:
            a, t = rss()
            self.peak, self.peak_total = max(self.peak, a - self.base[0]), max(self.peak_total, t - self.base[1])
            time.sleep(0.002)
    def __exit__(self, *exc): self.stop = True; self.t.join()


def llama_copy(ckpt: Path, out: Path):
    "A Llama-format folder (config.json + model.safetensors, streamed) of a plain glint checkpoint, for mergekit."
    from glint.hf import llama_config
    cfg = load_config(ckpt)
    out.mkdir(parents=True)
    (out/"config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
                                               "torch_dtype": "float32", **llama_config(cfg)}))
    with safe_open(str(ckpt/"model.safetensors"), "pt") as f:
        V = cfg.vocab_size
        def shape(n):
            s = f.get_slice(n).get_shape()
            return (min(s[0], V), *s[1:]) if n in ("embed.weight", "head.weight") else tuple(s)
        specs = [(llama_name(n), shape(n), ST_DTYPES[f.get_slice(n).get_dtype()]) for n in f.keys()]
        write_safetensors(out/"model.safetensors", specs,
                          ((llama_name(n), f.get_tensor(n)[:V] if n in ("embed.weight", "head.weight") else f.get_tensor(n)) for n in f.keys()),
                          {"format": "pt"})


def run_mergekit(a: Path, b: Path, out: Path):
    from mergekit.config import MergeConfiguration
    from mergekit.merge import MergeOptions, run_merge
    cfg = MergeConfiguration.model_validate({"merge_method": "slerp", "base_model": str(a), "models": [{"model": str(a)}, {"model": str(b)}],
                                             "parameters": {"t": T_MERGEKIT}, "dtype": "float32"})
    run_merge(cfg, str(out), options=MergeOptions(copy_tokenizer=False, write_model_card=False, quiet=True))


def timed(fn):
    with PeakMemory() as pm:
        t = time.perf_counter(); fn(); s = time.perf_counter() - t
    return s, pm.peak, pm.peak_total


def mergekit_slerp():
    "mergekit's SLERP of two whole tensors as `f(t, a, b)`, for its old API (float t, numpy inside) and its newer batched one."
    import inspect
    from mergekit.merge_methods.slerp import slerp
    if "DOT_THRESHOLD" in inspect.signature(slerp).parameters: return lambda t, a, b: torch.as_tensor(slerp(t, a, b))
    # newer mergekit: a leading axis batches whole tensors (each flattened), t is a tensor with one value per batch entry
    return lambda t, a, b: slerp(torch.tensor([float(t)]), a[None], b[None])[0]


def parity(a: Path, b: Path, ts=(0.0, 0.25, 0.5, 0.75, 1.0)):
    "Largest |glint slerp - mergekit slerp| over every tensor of two checkpoints and several t; and how many fell back."
    from glint.merge import slerp_info
    mk_slerp = mergekit_slerp()
    worst, n, fb = 0.0, 0, 0
    with safe_open(str(a/"model.safetensors"), "pt") as fa, safe_open(str(b/"model.safetensors"), "pt") as fb_:
        for k in fa.keys():
            x, y = fa.get_tensor(k), fb_.get_tensor(k)
            for t in ts:
                g, info = slerp_info(x, y, t)
                m = mk_slerp(t, x, y).to(g.dtype)
                worst, n, fb = max(worst, float((g.float() - m.float()).abs().max())), n + 1, fb + info["fallback"]
    return worst, n, fb


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="minimythos")
    ap.add_argument("--methods", default="nway_slerp,karcher,linear", help="three-way methods to time (two-way SLERP always runs)")
    ap.add_argument("--repeats", type=int, default=2, help="runs of the two-way SLERP per tool, alternating which goes first (the best is shown)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (0: torch's default). Merging is memory-bound; on a loaded "
                    "2-core machine 2 threads made every merge ~50x slower than 1")
    ap.add_argument("--order-check", action="store_true", help="nway_slerp: also redo every order (6x the work for 3 models)")
    ap.add_argument("--parity", nargs=2, metavar="CKPT", help="only compare glint's and mergekit's slerp on these two checkpoints")
    args = ap.parse_args()
    if args.threads: torch.set_num_threads(args.threads)
    try:
        import mergekit  # noqa: F401
        have_mk = True
    except ImportError: have_mk = False
    if args.parity:
        if not have_mk: sys.exit("--parity needs mergekit importable (see the docstring)")
        worst, n, fb = parity(*map(Path, args.parity))
        print(f"glint slerp vs mergekit slerp: {n} (tensor, t) pairs, max |diff| {worst:.3e}; glint fell back to LERP on {fb}")
        return
    with tempfile.TemporaryDirectory(prefix="glint-merge-bench-") as tmp:
        tmp = Path(tmp); t0 = time.perf_counter()
        cfg = get_preset(args.preset)
        ckpts = []
        for i in range(3):
            ckpts.append(save_model(tmp/f"m{i}", GlintLM(cfg, seed=i))); gc.collect()
        model_bytes = (ckpts[0]/"model.safetensors").stat().st_size
        with safe_open(str(ckpts[0]/"model.safetensors"), "pt") as f:
            largest = max(f.get_slice(k).get_shape() for k in f.keys())
            largest_bytes = math.prod(largest) * 4
        print(f"{args.preset}: {model_bytes / 1e6:,.0f} MB per checkpoint, largest tensor {list(largest)} ({largest_bytes / 1e6:,.0f} MB); "
              f"written in {time.perf_counter() - t0:.1f}s; torch threads {torch.get_num_threads()}; mergekit {'yes' if have_mk else 'not importable'}")
        rows = []
        for meth in [m for m in args.methods.split(",") if m]:
            conf = {"merge_method": meth, "models": [str(c) for c in ckpts]}
            if meth == "nway_slerp": conf["parameters"] = {"order_check": args.order_check}
            rows.append(("glint", meth, 3, *timed(lambda: merge(conf, tmp/f"out-{meth}", overwrite=True))))
            rep = json.loads((tmp/f"out-{meth}"/"merge_report.json").read_text())["summary"]
            print(f"  {meth}: " + ", ".join(f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}" for k, v in rep.items() if k not in ("fallback_tensors",)))
        # two-way SLERP with mergekit's example gradient config: glint, and mergekit where it imports, alternating
        two = {"merge_method": "slerp", "models": [str(ckpts[0]), str(ckpts[1])], "parameters": {"t": T_MERGEKIT}}
        if have_mk: llama_copy(ckpts[0], tmp/"hf0"); llama_copy(ckpts[1], tmp/"hf1")
        g_runs, k_runs = [], []
        for r in range(args.repeats):
            for who in (["mergekit", "glint"] if r % 2 else ["glint", "mergekit"]):
                if who == "glint": g_runs.append(timed(lambda: merge(two, tmp/"out-g", overwrite=True, progress=False)))
                elif have_mk:
                    shutil.rmtree(tmp/"out-mk", ignore_errors=True)
                    k_runs.append(timed(lambda: run_mergekit(tmp/"hf0", tmp/"hf1", tmp/"out-mk")))
        best = lambda runs: (min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs))
        rows.append(("glint", "slerp", 2, *best(g_runs)))
        if have_mk:
            rows.append(("mergekit run_merge", "slerp", 2, *best(k_runs)))
            mk = {}
            for fpath in sorted((tmp/"out-mk").glob("*.safetensors")):
                with safe_open(str(fpath), "pt") as f: mk |= {k: f.get_tensor(k) for k in f.keys()}
            worst = 0.0
            with safe_open(str(tmp/"out-g"/"model.safetensors"), "pt") as g:
                for k in g.keys():
                    a, b = g.get_tensor(k), mk[llama_name(k)]
                    worst = max(worst, float((a[:b.shape[0]] - b).abs().max()))
            padded = " (the Llama copies drop the vocabulary padding rows, so the embedding and head angles differ slightly)" if cfg.padded_vocab != cfg.vocab_size else ""
            print(f"  end-to-end parity, glint merge vs mergekit run_merge (same gradient config, {len(mk)} tensors): max |diff| {worst:.3e}{padded}")
            # the same config on the Llama-format copies: glint writes a Hugging Face folder with mergekit's names
            hf_two = {**two, "models": [str(tmp/"hf0"), str(tmp/"hf1")]}
            rows.append(("glint (HF folders)", "slerp", 2, *timed(lambda: merge(hf_two, tmp/"out-ghf", overwrite=True))))
            worst_hf = 0.0
            with safe_open(str(tmp/"out-ghf"/"model.safetensors"), "pt") as g:
                for k in g.keys(): worst_hf = max(worst_hf, float((g.get_tensor(k) - mk[k]).abs().max()))
            print(f"  glint on the Llama folders vs mergekit run_merge: max |diff| {worst_hf:.3e}")
        print(f"\n{'tool':<20}{'method':<12}{'n':>3}{'seconds':>9}{'GB/s':>7}{'peak anon MB':>14}{'peak RSS MB':>13}{'(n+1) x largest':>17}{'n models':>10}")
        for who, meth, n, s, peak, peak_total in rows:
            print(f"{who:<20}{meth:<12}{n:>3}{s:>9.2f}{n * model_bytes / s / 1e9:>7.2f}{peak / 1e6:>14.0f}{peak_total / 1e6:>13.0f}"
                  f"{(n + 1) * largest_bytes / 1e6:>17.0f}{n * model_bytes / 1e6:>10.0f}")
        print(f"\ntotal {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
