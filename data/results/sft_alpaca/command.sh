# from nbs/: the slow, data cell of 19_sft.ipynb
GLINT_DATA_DIR=${GLINT_DATA_DIR:-../../shared/data} nbdev_test --path 19_sft.ipynb --flags 'slow data'
