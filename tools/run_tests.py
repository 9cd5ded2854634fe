"""Run the notebook tests (nbdev-test) and end with a plain `N passed, N failed` line: one test per notebook in nbs/ (index.ipynb too).

    python tools/run_tests.py [--flags slow]      # --flags slow also runs the cells that need ../shared/data/flowers
"""
import subprocess, sys, re, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs = sorted(p.name for p in (root/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
t0 = time.time()
r = subprocess.run([str(Path(sys.executable).parent/'nbdev-test'), *sys.argv[1:]], cwd=root, capture_output=True, text=True)
out = r.stdout + r.stderr
print(out.strip())
failed = set(re.findall(r'^\s+(\S+\.ipynb)\s*$', out.split('Failed On The Following Notebooks:')[-1], re.M)) if 'Failed On' in out else set()
if r.returncode != 0 and not failed: failed = set(nbs)          # the runner itself broke: count everything as failed
for nb in nbs: print(f"{'FAIL' if nb in failed else 'ok  '} {nb}")
print(f"tests took {time.time() - t0:.0f}s")
print(f"{len(nbs) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
