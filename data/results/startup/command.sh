#!/usr/bin/env bash
# run from the repository root; the baseline is commit 9729fdc, checked out with:
#   git worktree add --detach /tmp/glint-base 9729fdc
python bench/startup.py --baseline /tmp/glint-base --runs 7 --out data/results/startup
