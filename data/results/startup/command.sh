#!/usr/bin/env bash
# run from the repository root; the baseline is commit 7205fb1, checked out with:
#   git worktree add --detach /tmp/glint-base 7205fb1
python bench/startup.py --baseline /tmp/glint-base --runs 5 --out data/results/startup
