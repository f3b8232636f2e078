# tokenizer_sizes.json, .csv and .png: vocabularies 257, 500, 1000, 2000, 4000, 8000 (257 = bytes), same model and training bytes (2026-12-06, 25 minutes on 2 shared CPU cores), run from the repository root
GLINT_DATA_DIR=${GLINT_DATA_DIR:?} OMP_NUM_THREADS=1 RAYON_NUM_THREADS=1 python bench/tokenizer_sizes.py --out data/results/tokenizer_sizes
