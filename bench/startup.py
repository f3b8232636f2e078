"""Start-up time of the `glint` command: `glint --help` and `glint train --help`, median of N runs each.

Each run is a fresh Python process, as a user's shell starts it, timed from start to exit. With
`--baseline` the same commands also run from another checkout (an older commit), interleaved run by
run so a slow spell of the machine hits both alike, and the table shows the speed-up. Each command's
heavy imports (torch, pandas, datasets, ...) are listed too, since they are what start-up time is.

    python bench/startup.py                                    # this checkout, 5 runs each
    git worktree add --detach /tmp/glint-base 9729fdc          # a checkout of the commit to compare with
    python bench/startup.py --baseline /tmp/glint-base --out data/results/startup
"""
from __future__ import annotations
import argparse, json, os, platform, shlex, statistics, subprocess, sys, tempfile, time
from pathlib import Path

COMMANDS = {"glint --help": ["--help"], "glint train --help": ["train", "--help"]}
HEAVY = ("torch", "pandas", "datasets", "numpy", "pyarrow", "matplotlib", "transformers")
RUN = "import sys; from glint.cli import main; sys.exit(main())"   # what the `glint` console script runs
PROBE = ("import sys\nfrom glint.cli import main\ntry: main(sys.argv[1:])\nexcept SystemExit: pass\n"
         f"print('heavy imports:', *(m for m in {HEAVY!r} if m in sys.modules))")

def run_once(repo: Path, args: list[str], cwd: str) -> float:
    "Seconds for one `glint ARGS` in a new process that imports glint from `repo`."
    env = {**os.environ, "PYTHONPATH": str(repo)}
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", RUN, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0: raise SystemExit(f"glint {' '.join(args)} failed in {repo}: {r.stderr.strip()[-300:]}")
    return dt

def heavy_imports(repo: Path, args: list[str], cwd: str) -> list[str]:
    "The heavy packages `glint ARGS` imports."
    r = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True, text=True)
    line = [l for l in r.stdout.splitlines() if l.startswith("heavy imports:")][-1]
    return line.split()[2:]

def git_commit(repo: Path) -> str | None:
    r = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True)
    return r.stdout.strip() or None

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", default=str(Path(__file__).resolve().parents[1]), help="the checkout to time (default: this one)")
    ap.add_argument("--baseline", default=None, help="another checkout to time the same way, for a before/after comparison")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each command in each checkout; the median is reported (default: 5)")
    ap.add_argument("--out", default=None, help="a folder for startup.json and command.sh (default: print only)")
    ap.add_argument("--force", action="store_true", help="replace the files in an existing --out")
    args = ap.parse_args(argv)
    if args.runs < 1: ap.error("--runs must be at least 1")
    out = Path(args.out) if args.out else None
    if out and (out/"startup.json").exists() and not args.force: ap.error(f"{out}/startup.json already exists; pass --force to replace it")
    checkouts = {"after": Path(args.repo).resolve()} if not args.baseline else {"before": Path(args.baseline).resolve(), "after": Path(args.repo).resolve()}
    cwd = tempfile.mkdtemp()   # neutral folder: nothing on the path but PYTHONPATH
    times = {c: {k: [] for k in checkouts} for c in COMMANDS}
    for c, a in COMMANDS.items():   # one untimed run each: byte-compile, warm the file cache
        for repo in checkouts.values(): run_once(repo, a, cwd)
    for _ in range(args.runs):      # interleaved
        for c, a in COMMANDS.items():
            for k, repo in checkouts.items(): times[c][k].append(run_once(repo, a, cwd))
    result = {"runs": args.runs, "python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
              "checkouts": {k: {"path": str(p), "commit": git_commit(p)} for k, p in checkouts.items()}, "commands": {}}
    for c, a in COMMANDS.items():
        r = {k: statistics.median(v) for k, v in times[c].items()}
        r.update({f"{k}_runs": [round(x, 4) for x in v] for k, v in times[c].items()})
        r.update({f"{k}_imports": heavy_imports(p, a, cwd) for k, p in checkouts.items()})
        if "before" in checkouts: r["ratio"] = r["before"] / r["after"]
        result["commands"][c] = r
    print(f"{'command':22} " + " ".join(f"{k + ' (s)':>11}" for k in checkouts) + ("   speed-up" if "before" in checkouts else "") + "   heavy imports after")
    for c, r in result["commands"].items():
        print(f"{c:22} " + " ".join(f"{r[k]:11.3f}" for k in checkouts) + (f"   {r['ratio']:7.1f}x" if "ratio" in r else "") +
              f"   {' '.join(r['after_imports']) or '(none)'}")
    print(f"median of {args.runs} runs each, Python {result['python']}, {result['cpus']} CPUs")
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out/"startup.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
        base = result["checkouts"].get("before", {}).get("commit")
        lines = ["#!/usr/bin/env bash", "# run from the repository root" + (f"; the baseline is commit {base[:7]}, checked out with:" if base else ""),
                 *([f"#   git worktree add --detach {shlex.quote(str(checkouts['before']))} {base[:7]}"] if base else []),
                 "python bench/startup.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))]
        (out/"command.sh").write_text("\n".join(lines) + "\n")
        print(f"wrote {out}/startup.json and {out}/command.sh")
    return result

if __name__ == "__main__": main()
