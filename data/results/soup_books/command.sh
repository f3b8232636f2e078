# The soup experiment on real text, read by nbs/experiments/soup.ipynb, geometry.ipynb, board.ipynb and nbs/index.ipynb:
# glint-1.3 on the public-domain books (curated by paragraph, decontaminated against BLiMP, ARC-Easy and WikiText-2),
# 6M tokens with a WSD schedule and 3 soup checkpoints, merged five ways, every model scored on BLiMP, ARC-Easy, WikiText-2
# and the synthetic pairs; then the small files are copied here (checkpoints and shards stay in runs/).
# Run from the repository root with GLINT_DATA_DIR naming the data folder. summary.json has the run's own time (this run: 53 minutes on 2 CPU cores shared with other work, 2026-12-06).
set -e
glint curate --data "${GLINT_DATA_DIR:?}/corpus/gutenberg_books" --doc-split paragraph --decontaminate blimp,arc_easy,wikitext2 --out runs/soup_books/curated --force
glint pipeline --preset glint-1.3 --data runs/soup_books/curated --tokens 6000000 --out runs/soup_books/pipeline --force
out=data/results/soup_books
rm -rf "$out/evals" "$out/geometry"
cp runs/soup_books/pipeline/{summary.json,soup.json,soup.csv,soup.png,report.md} "$out/"
cp -r runs/soup_books/pipeline/evals runs/soup_books/pipeline/geometry "$out/"
# paths in the copied files point into runs/: make them relative to the repository root
grep -rl "$PWD/" "$out" --include='*.json' --include='*.csv' --include='*.md' | xargs -r sed -i "s#$PWD/##g"
