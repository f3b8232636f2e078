# The soup curve of glimmer on the synthetic grammar, three seeds (config.yaml beside this file), read by
# nbs/experiments/soup_curve.ipynb and by glint pipeline's report. Run from the repository root; the runs, cool-down branches
# and per-model scores stay in runs/soup_curve_glimmer (a stopped run resumes), the small files are copied here.
# soup_curve.json records the git commit and the seconds it took.
set -e
glint experiment soup-curve data/results/soup_curve_glimmer/config.yaml
cp runs/soup_curve_glimmer/{soup_curve.json,curve.csv,verdicts.csv,soup_curve.png} data/results/soup_curve_glimmer/
