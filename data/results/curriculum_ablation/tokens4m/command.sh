# glint-1.3 on the synthetic corpus, four times the tokens (33 minutes on 2 CPU cores)
GLINT_DATA_DIR=${GLINT_DATA_DIR:?} python bench/curriculum_ablation.py --presets glint-1.3 --corpora synthetic --tokens 4000000 --schedules random staged --out data/results/curriculum_ablation/tokens4m --work runs/curriculum_ablation_4m
