"""BLiMP scoring speed: glint's scorer against lm-evaluation-harness (HF backend) on the same model, same process.

    GLINT_DATA_DIR=../shared/data python bench/eval_throughput.py CHECKPOINT [--paradigms a,b,...] [--batch-size 32] [--repeats 3]

CHECKPOINT is a glint checkpoint folder (train one with `glint train`). The model is exported to a
Hugging Face Llama folder (`glint.hf.export_hf`) for lm-eval, and lm-eval reads the same BLiMP files
through task configs written here that follow its own `blimp` task (multiple choice, empty context,
good sentence first) with `target_delimiter: ""`, so both sides score exactly the sentence after the
document-start token (lm-eval's stock task would score " " + sentence; glint offers that as
`EvalConfig(pair_space=True)`). Both run fp32 on the CPU, each repeat alternating which goes
first; the table gives median seconds, pairs/s, both accuracies, the largest per-sentence
log-probability difference, and the ratio.
"""
import argparse, contextlib, io, json, logging, os, statistics, sys, tempfile, time
from pathlib import Path
import numpy as np
import torch
from glint.checkpoint import load_model
from glint.core import data_dir, requires
from glint.evals import load_blimp, minimal_pair_task, doc_start_id, score
from glint.hf import export_hf
from glint.tokenizer import load_tokenizer

SUBSET = "anaphor_gender_agreement,determiner_noun_agreement_2,npi_present_1,regular_plural_subject_verb_agreement_1,wh_island,existential_there_quantifiers_1"


def task_yaml(uid: str, path: Path) -> str:
    "An lm-eval task over one local BLiMP file, as lm-eval's `blimp` task but with no delimiter before the sentence."
    return f"""task: bench_blimp_{uid}
dataset_path: json
dataset_kwargs:
  data_files:
    train: {path}
test_split: train
output_type: multiple_choice
doc_to_text: ""
target_delimiter: ""
doc_to_choice: "{{{{[sentence_good, sentence_bad]}}}}"
doc_to_target: 0
metric_list:
  - metric: acc
    aggregation: mean
    higher_is_better: true
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("--paradigms", default=SUBSET)
    ap.add_argument("--batch-size", type=int, default=32, help="lm-eval's --batch_size")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    lm_eval = requires("lm_eval", "hf", "bench/eval_throughput.py")
    HFLM = requires("lm_eval.models.huggingface", "hf", "bench/eval_throughput.py").HFLM
    TaskManager = requires("lm_eval.tasks", "hf", "bench/eval_throughput.py").TaskManager
    logging.getLogger("lm_eval").setLevel(logging.ERROR)

    uids = args.paradigms.split(",")
    pairs = load_blimp(paradigms=uids)
    model, tok = load_model(args.checkpoint).eval(), load_tokenizer(args.checkpoint)
    start = doc_start_id(tok)
    print(f"{model.cfg.name} ({sum(p.numel() for p in model.parameters()):,} params) | {len(uids)} BLiMP paradigms, {len(pairs):,} pairs | "
          f"{torch.get_num_threads()} threads | torch {torch.__version__} | lm-eval {lm_eval.__version__} (HF backend, batch {args.batch_size})")

    tmp = Path(tempfile.mkdtemp(prefix="glint-bench-"))
    hf = export_hf(args.checkpoint, tmp/"hf")
    for u in uids: (tmp/f"{u}.yaml").write_text(task_yaml(u, data_dir("blimp", f"{u}.jsonl")))
    tm = TaskManager(include_path=str(tmp), include_defaults=False)
    lm = HFLM(pretrained=str(hf), device="cpu", dtype="float32", batch_size=args.batch_size, prefix_token_id=start)

    def run_glint():
        return minimal_pair_task(model, tok, pairs, model.cfg.ctx_len, progress=False, n_boot=1)

    def run_lm_eval():
        with contextlib.redirect_stderr(io.StringIO()):
            return lm_eval.simple_evaluate(model=lm, tasks=[f"bench_blimp_{u}" for u in uids], task_manager=tm,
                                           bootstrap_iters=0, log_samples=True, verbosity="ERROR")

    times, out = {"glint": [], "lm-eval": []}, {}
    for r in range(args.repeats):
        for name, fn in (("glint", run_glint), ("lm-eval", run_lm_eval))[:: 1 if r % 2 == 0 else -1]:
            t = time.perf_counter(); out[name] = fn(); times[name].append(time.perf_counter() - t)

    # the same numbers, pair by pair: glint's summed log-probabilities against lm-eval's logged ones
    ours = score(model, [([start], ids) for p in pairs for ids in tok.encode_batch([p["sentence_good"], p["sentence_bad"]])],
                 model.cfg.ctx_len, progress=False).reshape(-1, 2)
    theirs = np.array([[resp[0][0] for resp in s["resps"]] for u in uids
                       for s in sorted(out["lm-eval"]["samples"][f"bench_blimp_{u}"], key=lambda s: s["doc_id"])])
    acc_lm = float(np.mean(theirs[:, 0] > theirs[:, 1]))
    acc_glint = out["glint"]["acc"]
    per_task = {u: out["lm-eval"]["results"][f"bench_blimp_{u}"]["acc,none"] for u in uids}
    print(f"\n{'scorer':10} {'median s':>9} {'pairs/s':>9} {'accuracy':>9}")
    for name, acc in (("glint", acc_glint), ("lm-eval", acc_lm)):
        m = statistics.median(times[name])
        print(f"{name:10} {m:9.2f} {len(pairs) / m:9,.0f} {acc:9.4f}   (runs: {', '.join(f'{t:.2f}' for t in times[name])})")
    print(f"\nper paradigm, glint vs lm-eval: " + ", ".join(f"{u} {out['glint']['by_paradigm'][u]:.3f}/{per_task[u]:.3f}" for u in uids))
    print(f"max |log-prob difference| per sentence: {np.abs(ours - theirs).max():.2e}")
    print(f"accuracies agree: {acc_glint == acc_lm}  |  speed, glint / lm-eval: {statistics.median(times['lm-eval']) / statistics.median(times['glint']):.1f}x")


if __name__ == "__main__":
    main()
