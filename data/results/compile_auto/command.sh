#!/bin/sh
# Run from the repository root: writes data/results/compile_auto/compile_auto.json, the measurement behind
# `glint train --compile auto` (glint.train.COMPILE_COSTS is compile_costs() of it; the training chapter checks that).
python bench/compile_auto.py --steps 4 --repeats 3
