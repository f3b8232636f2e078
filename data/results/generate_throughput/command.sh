# from the repository root, on a quiet machine
GLINT_DATA_DIR=${GLINT_DATA_DIR:-../shared/data} python bench/generate_throughput.py --quality
