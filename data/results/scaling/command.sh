# The scaling sweep on real text, read by nbs/23_scaling.ipynb and nbs/experiments/scaling.ipynb: the glint-1.3 family
# (five shapes, sweep.yaml) x four token budgets on the public-domain books (paragraphs as documents, decontaminated
# against BLiMP, ARC-Easy and WikiText-2), one BPE tokenizer, seed 0, WSD; then L(N, D) fitted with bootstrap intervals.
# glint sweep resumes: run it again and finished points are read, not retrained (only the fit is redone).
# Run from the repository root with GLINT_DATA_DIR naming the data folder. One thread per process, as this run used;
# sweep.json records the seconds and throughput of every point and the commit.
set -e
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
[ -f runs/books_curated/curation.json ] || glint curate --data "${GLINT_DATA_DIR:?}/corpus/gutenberg_books" --doc-split paragraph \
    --decontaminate blimp,arc_easy,wikitext2 --out runs/books_curated
glint sweep data/results/scaling/sweep.yaml --out runs/scaling_books
cp runs/scaling_books/{sweep.json,sweep.csv,fit.json,isoloss.png,fit.png} data/results/scaling/
