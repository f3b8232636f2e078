"""Tokenizer throughput: a Python loop of `encode`, `encode_batch` in chunks, and `glint.data.encode_docs` with 1 and 2 processes.

All four tokenize the same documents with the same tokenizer, several times each, interleaved in one
process run; the table shows the median tokens/s and the ratio to the plain loop.

    python bench/bench_tokenize.py                      # synthetic:20000, a 512-token BPE trained on it
    python bench/bench_tokenize.py --data corpus/ --tokenizer runs/tok --repeats 5
"""
from __future__ import annotations
import argparse, os, platform, statistics, time

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="synthetic:20000", help="any glint source: synthetic[:N], a file/glob/folder, hf:NAME")
    ap.add_argument("--tokenizer", default=None, help="a tokenizer folder/file; default: train a BPE of --vocab-size on the data")
    ap.add_argument("--vocab-size", type=int, default=512)
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--doc-split", default="paragraph", choices=["file", "paragraph", "line"])
    ap.add_argument("--max-docs", type=int, default=None)
    ap.add_argument("--repeats", type=int, default=5, help="timed runs of each method (median reported)")
    ap.add_argument("--chunk", type=int, default=1000, help="documents per encode_batch call")
    args = ap.parse_args(argv)

    from glint.data import iter_texts, encode_docs
    from glint.tokenizer import load_tokenizer, train_bpe
    docs = list(iter_texts(args.data, text_field=args.text_field, doc_split=args.doc_split, max_docs=args.max_docs))
    tok = load_tokenizer(args.tokenizer) if args.tokenizer else train_bpe(docs, args.vocab_size)

    def loop(): return sum(len(tok.encode(d)) for d in docs)
    def batch(): return sum(len(ids) for i in range(0, len(docs), args.chunk) for ids in tok.encode_batch(docs[i:i + args.chunk]))
    def mapped(num_proc): return lambda: len(encode_docs(tok, docs, num_proc=num_proc, batch_size=args.chunk)[0]) - len(docs)  # less the separators
    methods = {"(a) loop of encode": loop, "(b) encode_batch": batch,
               "(c) encode_docs num_proc=1": mapped(1), "(d) encode_docs num_proc=2": mapped(2)}

    times = {m: [] for m in methods}
    counts = {}
    for m, f in methods.items(): counts[m] = f()  # warm-up run, untimed; also checks that all agree
    assert len(set(counts.values())) == 1, f"methods disagree on the token count: {counts}"
    for _ in range(args.repeats):  # interleaved, so a slow spell of the machine hits every method alike
        for m, f in methods.items():
            t0 = time.perf_counter(); f(); times[m].append(time.perf_counter() - t0)

    n_tokens, n_bytes = counts["(a) loop of encode"], sum(len(d.encode()) for d in docs)
    import tokenizers
    print(f"corpus {args.data}: {len(docs):,} docs, {n_bytes:,} bytes, {n_tokens:,} tokens; tokenizer {tok}")
    print(f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), tokenizers {tokenizers.__version__}, "
          f"TOKENIZERS_PARALLELISM={os.environ.get('TOKENIZERS_PARALLELISM', 'unset')}, "
          f"chunk {args.chunk} docs, {args.repeats} repeats\n")
    base = n_tokens / statistics.median(times["(a) loop of encode"])
    print(f"{'method':30} {'median s':>9} {'tokens/s':>12} {'vs (a)':>7}")
    for m, ts in times.items():
        rate = n_tokens / statistics.median(ts)
        print(f"{m:30} {statistics.median(ts):9.3f} {rate:12,.0f} {rate / base:6.2f}x")

if __name__ == "__main__": main()
