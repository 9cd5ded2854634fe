"""The feature pass's engine: cold and warm train.py with each --engine (torch, onnxruntime, int8, auto), over seeds, on this host.

    python bench/bench_engine.py [DATA] [--seeds 0,1,2] [--engines torch,onnxruntime,int8]

Run it plainly and under the AVX2 switches (`FLOWER_FP32=1 ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2`): each seed,
each engine, a cold run (empty cache dir) then a warm one (other head settings): wall time, the feature pass's time, peak RSS
(wait4), the best validation accuracy as training saw it (on its engine's features) and as the saved best.pth gives it on valid
(`evaluate.py`, the fp32 network every predictor runs: what int8 features cost a user). Appends a table to bench/RESULTS.md."""
import json
import os, sys, time, statistics, subprocess, tempfile, re
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'bench'))
from bench_cpu import host_line

def run(args, cache):
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, str(ROOT/'train.py'), *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True, env={**os.environ, 'FLOWER_CACHE_DIR': str(cache)})
    out = p.stdout.read(); _, status, ru = os.wait4(p.pid, 0); wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status): raise SystemExit(f"failed: {args}")
    feat = float(re.search(r'sets from the cache in \S+, ([0-9.]+)s', out)[1])
    best = float(re.search(r'best epoch \d+ \(valid acc ([0-9.]+)%', out)[1])
    return wall, feat, ru.ru_maxrss / 1024, best

def valid_top1(data, ck):
    "Top-1 (%) of checkpoint `ck` on `data`/valid through evaluate.py (the network in fp32, as predict runs it)"
    out = subprocess.run([sys.executable, str(ROOT/'evaluate.py'), str(Path(data)/'valid'), str(ck), '--json', '--no-cache'], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return 100 * json.loads(out)['top1']

if __name__ == '__main__':
    data = next((a for a in sys.argv[1:] if not a.startswith('--')), str(ROOT.parent/'shared'/'data'/'flowers'))
    seeds = [int(s) for s in (sys.argv[sys.argv.index('--seeds') + 1] if '--seeds' in sys.argv else '0,1,2').split(',')]
    engines = (sys.argv[sys.argv.index('--engines') + 1] if '--engines' in sys.argv else 'torch,onnxruntime,int8').split(',')
    res = {e: [] for e in engines}
    with tempfile.TemporaryDirectory() as d:
        for s in seeds:
            for e in res:                      # interleaved, so drift hits both
                cache = Path(d)/f'{e}{s}'
                cold = run([data, '--save_dir', Path(d)/f'r{e}{s}', '--engine', e, '--seed', s], cache)
                warm = run([data, '--save_dir', Path(d)/f'w{e}{s}', '--engine', e, '--seed', s, '--learning_rate', '0.002', '--dropout', '0.3'], cache)
                res[e].append((*cold, warm[0], valid_top1(data, Path(d)/f'r{e}{s}'/'best.pth')))
    m = lambda e, i: statistics.mean(r[i] for r in res[e])
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M')} feature-pass engine, `python bench/bench_engine.py {' '.join(sys.argv[1:])}`\n", host_line(), '',
             '| engine | cold wall | feature pass | warm wall | peak RSS (max) | best valid in training (mean; per seed) | best.pth on valid, fp32 (mean; per seed) |', '|---|---|---|---|---|---|---|']
    for e in res:
        lines.append(f"| {e} | {m(e, 0):.1f} s | {m(e, 1):.1f} s | {m(e, 4):.1f} s | {max(r[2] for r in res[e]):.0f} MB | {m(e, 3):.2f}% ({', '.join(f'{r[3]:.2f}' for r in res[e])}) | {m(e, 5):.2f}% ({', '.join(f'{r[5]:.2f}' for r in res[e])}) |")
    ref = engines[0]
    lines.append(f"\nMeans of seeds {', '.join(map(str, seeds))}; against {ref}: " + '; '.join(
        f"{e} cold {m(e, 0) / m(ref, 0):.2f}x, feature pass {m(e, 1) / m(ref, 1):.2f}x, best.pth on valid {m(e, 5) - m(ref, 5):+.2f} points" for e in engines[1:]) + '.\n')
    txt = '\n'.join(lines); print(txt)
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write(txt + '\n')
