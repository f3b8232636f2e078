#!/bin/sh
# Run from the repository root, on a quiet machine: writes data/results/train_throughput/train_throughput.json,
# which the model chapter's speed tables are drawn from. (The JSON records the command that actually produced it.)
python bench/train_throughput.py --compile --profile --steps 4 --repeats 5
