# The soup curve of glint-1.3 on the curated public-domain books (config.yaml beside this file), read by
# nbs/experiments/soup_curve.ipynb. Run from the repository root with GLINT_DATA_DIR naming the data folder (BLiMP,
# WikiText-2 and the books). The run, cool-down branches and per-model scores stay in runs/soupcurve_books (a stopped
# run resumes), the small files are copied here. soup_curve.json records the git commit and the seconds it took.
set -e
[ -f runs/books_curated/curation.json ] || glint curate --data "${GLINT_DATA_DIR:?}/corpus/gutenberg_books" --doc-split paragraph \
    --decontaminate blimp,arc_easy,wikitext2 --out runs/books_curated
glint experiment soup-curve data/results/soup_curve_books/config.yaml
cp runs/soupcurve_books/{soup_curve.json,curve.csv,verdicts.csv,soup_curve.png} data/results/soup_curve_books/
