"""What each training option adds, measured: validation and test accuracy and wall time of train.py --test per option set.

    python bench/bench_options.py [../shared/data/flowers] [--quick]     # --quick skips the full fine-tuning run (~8 min)

Runs share one feature cache, filled by the first (default) run, so the head-only rows time a warm cache; the first row's
time includes the backbone pass over every image (and the first `--adapt_epochs 0` row the full backbone's). The default
fine-tunes the backbone's last stage on cached maps (`--adapt_epochs 2`); the seed rows show how much of a difference is noise. Appends a table to bench/RESULTS.md.
"""
import os, re, sys, time, subprocess, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = [('defaults', []), ('--seed 1', ['--seed', '1']), ('--seed 2', ['--seed', '2']),
           ('--adapt_epochs 0 (frozen backbone)', ['--adapt_epochs', '0']), ('--adapt_epochs 0 --seed 1', ['--adapt_epochs', '0', '--seed', '1']),
           ('--adapt_epochs 0 --seed 2', ['--adapt_epochs', '0', '--seed', '2']), ('--adapt_epochs 4', ['--adapt_epochs', '4']),
           ('--schedule cosine', ['--schedule', 'cosine']), ('--label_smoothing 0.1', ['--label_smoothing', '0.1']),
           ('--weight_decay 0.01', ['--weight_decay', '0.01']), ('--balance', ['--balance']), ('--hidden_units 512', ['--hidden_units', '512']),
           ('--aug_views 2', ['--aug_views', '2']), ('--epochs 40 --patience 5', ['--epochs', '40', '--patience', '5']),
           ('--unfreeze 3 --finetune_epochs 3', ['--unfreeze', '3', '--finetune_epochs', '3']),
           ('--unfreeze all --finetune_epochs 4 --backbone_lr 0.0002', ['--unfreeze', 'all', '--finetune_epochs', '4', '--backbone_lr', '0.0002'])]

def main(data='../shared/data/flowers', quick=False):
    tmp = Path(tempfile.mkdtemp()); env = {**os.environ, 'FLOWER_CACHE_DIR': str(tmp/'cache')}
    rows = []
    for name, args in CONFIGS:
        if quick and 'all' in args: continue
        t = time.perf_counter()
        r = subprocess.run([sys.executable, 'train.py', data, '--save_dir', str(tmp/'run'), '--test', *args], cwd=ROOT, env=env, capture_output=True, text=True)
        dt = time.perf_counter() - t
        if r.returncode: raise SystemExit(r.stderr)
        best = re.search(r'best epoch (\d+) \(valid acc ([\d.]+)%\)', r.stdout); test = re.search(r'images: top-1 ([\d.]+)%  top-5 ([\d.]+)%  ECE ([\d.]+)', r.stdout)
        rows.append(f"| `{name}` | {best[2]}% (epoch {best[1]}) | {test[1]}% | {test[2]}% | {test[3]} | {dt:.0f} s |")
        print(rows[-1], flush=True)
    txt = '\n'.join([f"## {time.strftime('%Y-%m-%d %H:%M')} accuracy by option, `python bench/bench_options.py {' '.join(sys.argv[1:])}`", '',
                     '| options (on top of the defaults) | best valid acc | test top-1 | test top-5 | test ECE | wall |', '|---|---|---|---|---|---|', *rows, ''])
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write('\n' + txt + '\n')
    print(txt)

if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    main(*args, quick='--quick' in sys.argv)
