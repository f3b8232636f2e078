# The curriculum and curation ablation (2026-11-29, 81 minutes on 2 CPU cores), run from the repository root.
# ablation.csv and curves.png were recovered from the outputs nbs/15_curriculum.ipynb saved from this run (its folder was
# then given as --out, the old name of --work); summary.json holds the run's date, time and the glint-1.3 synthetic spread
# as the chapter recorded them. curation_effect.json and corpora.json come from the same script with --prepare-only, which
# rebuilds the run's corpora and curation reports without training. tokens4m/ holds the longer glint-1.3 run.
# Rerunning the first command with --force writes every file here again.
GLINT_DATA_DIR=${GLINT_DATA_DIR:?} python bench/curriculum_ablation.py --out data/results/curriculum_ablation --work runs/curriculum_ablation
GLINT_DATA_DIR=${GLINT_DATA_DIR:?} python bench/curriculum_ablation.py --out data/results/curriculum_ablation --work runs/curriculum_ablation --prepare-only --force
