"""1 vs 2 processes (torchrun, gloo) on this machine: the feature pass and `--unfreeze` fine-tuning.

    python bench/bench_scaling.py ../shared/data/flowers [--unfreeze 3]

Runs train.py with an empty cache (the feature pass: wall time and photos per second, from the run's own `backbone front maps`
line) and then with `--unfreeze N --finetune_epochs 1` on the warm cache (the fine-tuning epoch's time and photos per second),
each as one process (2 threads) and as `torchrun --nproc_per_node 2` (1 thread each, torchrun's default). Also the best
validation accuracy of each run. Appends a table to bench/RESULTS.md."""
import argparse, os, re, subprocess, sys, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent

def run(nproc, args):
    base = [sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', str(nproc)] if nproc > 1 else [sys.executable]
    t0 = time.perf_counter(); r = subprocess.run(base + [str(ROOT/'train.py'), *args], capture_output=True, text=True, cwd=ROOT)
    if r.returncode: sys.exit(f"failed: {' '.join(args)}\n{r.stderr[-2000:]}")
    return time.perf_counter() - t0, r.stdout

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('data'); ap.add_argument('--unfreeze', default='3'); a = ap.parse_args()
    n_train = sum(1 for p in Path(a.data, 'train').rglob('*') if p.is_file()); n_valid = sum(1 for p in Path(a.data, 'valid').rglob('*') if p.is_file())
    rows = []
    for nproc in (1, 2):
        cache = tempfile.mkdtemp(prefix=f'scal{nproc}_'); out = tempfile.mkdtemp(prefix=f'scalout{nproc}_')
        wall, so = run(nproc, [a.data, '--save_dir', out, '--cache_dir', cache])
        feat = float(re.search(r'backbone front maps: 0 of \d+ sets from the cache in .*?, ([\d.]+)s', so)[1])
        best = float(re.search(r'best epoch \d+ \(valid acc ([\d.]+)%\)', so)[1])
        wall2, so2 = run(nproc, [a.data, '--save_dir', out, '--cache_dir', cache, '--unfreeze', a.unfreeze, '--finetune_epochs', '1'])
        ft = float(re.findall(r'epoch 21/21 .*\(([\d.]+)s\)', so2)[-1])
        best2 = float(re.search(r'best epoch \d+ \(valid acc ([\d.]+)%\)', so2)[1])
        rows.append((nproc, wall, feat, (n_train + n_valid) / feat, best, wall2, ft, n_train / ft, best2))
        print(rows[-1], flush=True)
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M')} 1 vs 2 processes, `python bench/bench_scaling.py {' '.join(sys.argv[1:])}`\n",
             f"{os.cpu_count()} cores. Feature pass: {n_train + n_valid} photos, empty cache. Fine-tuning: `--unfreeze {a.unfreeze} --finetune_epochs 1`, one epoch over {n_train} photos (it validates on all {n_valid} on every rank).\n",
             "| processes | cold run wall | feature pass | photos/s | best valid | fine-tuning run wall | fine-tuning epoch | photos/s | best valid |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows: lines.append(f"| {r[0]} | {r[1]:.0f} s | {r[2]:.1f} s | {r[3]:.0f} | {r[4]:.2f}% | {r[5]:.0f} s | {r[6]:.1f} s | {r[7]:.0f} | {r[8]:.2f}% |")
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
