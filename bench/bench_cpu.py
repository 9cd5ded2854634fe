"""CPU benchmarks of the CPU speed issue, on the flowers set; writes bench/RESULTS.md.

    python bench/bench_cpu.py [../shared/data/flowers] [--runs 3]

Each figure is measured in this one run (this machine is noisy: compare ratios, quote medians):
1. train.py from nothing (cold feature cache) to checkpoint: wall time, validation accuracy, test accuracy
2. train.py again with only head settings changed (warm cache): wall time
3. backbone pipeline throughput (decode + transform + forward, exactly as train.py runs it: the backbone's front, whose maps
   are cached; 3b: the whole backbone) vs the forward-only ceiling
   (random input, same model, batch, dtype and memory format, allocator tuned) measured in the same process
4. predict.py on one image, cold process: wall time, and what `import torch` alone costs
5. peak resident memory of train.py (cold cache), of each run
6. bf16 vs fp32 backbone features: validation accuracy of the same head training
7. predict.py on the test folder (batched): wall time and images per second after start-up
"""
import os, sys, time, json, shutil, statistics, subprocess, tempfile, platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

LAST_RSS_MB = [0.]

def sh(args, env=None):
    "Run a Python command; (wall seconds, stdout); the child's own peak RSS (from wait4) goes to LAST_RSS_MB[0]"
    t = time.perf_counter()
    with tempfile.TemporaryFile('w+') as fo, tempfile.TemporaryFile('w+') as fe:
        p = subprocess.Popen([PY, *map(str, args)], cwd=ROOT, stdout=fo, stderr=fe, text=True, env={**os.environ, **(env or {})})
        _, status, ru = os.wait4(p.pid, 0); p.returncode = os.waitstatus_to_exitcode(status)
        dt = time.perf_counter() - t
        fo.seek(0); fe.seek(0); out, err = fo.read(), fe.read()
    LAST_RSS_MB[0] = ru.ru_maxrss / 1024
    if p.returncode: raise SystemExit(f"failed: {args}\n{err}")
    return dt, out

def valid_acc(out): return float([l for l in out.splitlines() if l.startswith('epoch ')][-1].split('valid acc ')[1].split('%')[0])
def best_acc(out): return float(out.split('best epoch ')[1].split('valid acc ')[1].split('%')[0])

def throughput(data, reps=2, part='front'):
    "Pipeline vs ceiling, in-process, as train.py configures things; `part`: the backbone's front (what train.py runs on images by default) or the whole body"
    import torch
    from flower_classifier.core import tune_malloc
    from flower_classifier.models import create_model, get_arch, split_body
    from flower_classifier.data import find_classes, list_images
    from flower_classifier.features import cached_features, amp_dtype, autocast
    tune_malloc()
    m = create_model('efficientnet_lite0', 89).body.eval().to(memory_format=torch.channels_last)
    if part == 'front': m = split_body('efficientnet_lite0', m)[0]
    pp = get_arch('efficientnet_lite0').preprocess(); dev = torch.device('cpu'); dt = amp_dtype(dev)
    classes = find_classes(Path(data)/'train'); samples, _ = list_images(Path(data)/'train', classes)
    samples = samples[:1536]
    x = torch.randn(64, 3, 224, 224).to(memory_format=torch.channels_last)
    def ceiling():
        with torch.no_grad(), autocast(dev, dt):
            for _ in range(2): m(x)
            t = time.perf_counter()
            for _ in range(12): m(x)
        return 12 * 64 / (time.perf_counter() - t)
    def pipeline():
        t = time.perf_counter(); r = cached_features(m, 'efficientnet_lite0', samples, pp, 0, None, dev)
        return len(r['labels']) / (time.perf_counter() - t)
    cs, ps = [], []
    for _ in range(reps): cs.append(ceiling()); ps.append(pipeline())     # interleaved, so drift hits both
    return dict(ceiling=statistics.median(cs), pipeline=statistics.median(ps), ratios=[p / c for p, c in zip(ps, cs)],
                dtype=str(dt), threads=torch.get_num_threads(), part=part)

def main(data='../shared/data/flowers', runs=3):
    data = Path(data).resolve(); tmp = Path(tempfile.mkdtemp()); res = {}
    # 1-2, 5: cold then warm train runs, each in a fresh cache dir
    cold, warm, accs, rss = [], [], [], []
    for i in range(runs):
        cache = tmp/f'cache{i}'
        env = dict(FLOWER_CACHE_DIR=str(cache))
        dt, out = sh(['train.py', data, '--save_dir', tmp/f'c{i}'], env); cold.append(dt); accs.append((valid_acc(out), best_acc(out)))
        rss.append(LAST_RSS_MB[0])
        dt, out = sh(['train.py', data, '--save_dir', tmp/f'w{i}', '--learning_rate', '0.002', '--dropout', '0.3', '--epochs', '25'], env); warm.append(dt)
        shutil.rmtree(cache)
    tests = {f: sh(['evaluate.py', data/'test', tmp/'c0'/f], dict(FLOWER_CACHE_DIR=str(tmp/'cache_t')))[1].splitlines()[0].split('  top-5')[0]
             for f in ('checkpoint.pth', 'best.pth')}
    res['cold'] = dict(runs=cold, median=statistics.median(cold), valid_acc=accs, test=f"test ({tests['best.pth'].split(':')[0]}) top-1: best.pth "
                       f"{tests['best.pth'].split('top-1 ')[1]}, checkpoint.pth {tests['checkpoint.pth'].split('top-1 ')[1]}")
    res['warm'] = dict(runs=warm, median=statistics.median(warm))
    res['peak_rss_mb'] = max(rss); res['peak_rss_runs_mb'] = rss
    # 6: fp32 features, same head training
    _, out = sh(['train.py', data, '--save_dir', tmp/'fp32'], dict(FLOWER_CACHE_DIR=str(tmp/'cache_fp32'), FLOWER_FP32='1'))
    res['fp32_valid_acc'] = (valid_acc(out), best_acc(out)); res['bf16_valid_acc'] = accs[0]
    # 3: throughput
    for part in ('front', 'body'):
        t = res['throughput' if part == 'front' else 'throughput_body'] = throughput(data, part=part); t['ratio'] = t['pipeline'] / t['ceiling']
    # 4: predict cold start
    img = sorted((data/'test'/'10').glob('*.jpg'))[0]
    pred = [sh(['predict.py', img, tmp/'c0'/'checkpoint.pth', '--top_k', '3'])[0] for _ in range(5)]
    imp = [sh(['-c', 'import torch'])[0] for _ in range(5)]
    res['predict'] = dict(runs=pred, median=statistics.median(pred), import_torch_median=statistics.median(imp))
    # 7: predict.py on a whole folder (batched), throughput after start-up
    n = sum(1 for _ in (data/'test').rglob('*.jpg'))
    folder = [sh(['predict.py', data/'test', tmp/'c0'/'checkpoint.pth', '--output', tmp/'preds.csv'])[0] for _ in range(3)]
    res['predict_folder'] = dict(images=n, runs=folder, median=statistics.median(folder),
                                 img_per_s=n / (statistics.median(folder) - statistics.median(pred)))
    shutil.rmtree(tmp)
    return res

def host_line():
    "The CPU kind (AMX / AVX-512 BF16 / AVX2), any ISA switches in force, and what the default feature pass runs on here"
    import torch
    from flower_classifier.features import amp_dtype, cpuinfo
    from flower_classifier.engine import choose_engine
    flags = cpuinfo()
    isa = 'AMX' if 'amx_bf16' in flags else 'AVX-512 BF16' if 'avx512_bf16' in flags else 'AVX-512' if 'avx512f' in flags else 'AVX2' if 'avx2' in flags else 'other'
    model = next((l.split(':', 1)[1].strip() for l in flags.splitlines() if l.startswith('model name')), platform.processor())
    sw = ' '.join(f'{k}={os.environ[k]}' for k in ('FLOWER_FP32', 'ATEN_CPU_CAPABILITY', 'ONEDNN_MAX_CPU_ISA') if os.environ.get(k))
    dev = torch.device('cpu'); dt = amp_dtype(dev); tdt = 'fp32' if dt is None else str(dt).replace('torch.', '')
    e = choose_engine('auto', dev)
    if e == 'measure':                       # what --engine auto measures on this machine (Lite0's front, a batch of 16)
        from flower_classifier.models import create_model, split_body
        from flower_classifier.engine import OrtFront, faster_engine
        front = split_body('efficientnet_lite0', create_model('efficientnet_lite0', 2).eval().body)[0]
        e, r = faster_engine(front, OrtFront(front, 224), 224, dev)
        e = f"{e}, {'fp32' if e != 'torch' else tdt} (measured: torch {tdt} {r['torch']:.0f} vs onnxruntime fp32 {r['onnxruntime']:.0f} img/s on Lite0's front)"
    else: e = f"{e}, {'fp32' if e != 'torch' else tdt}"
    return f"Host: {model}, {isa}" + (f", run with {sw}" if sw else '') + f"; default feature pass: {e}"

def report(res, cmd):
    t = res['throughput']
    lines = [f"## {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()} ({os.cpu_count()} cores), `{cmd}`", '', host_line(), '',
             '| # | what | target | measured |', '|---|---|---|---|',
             f"| 1 | train.py cold cache, wall (median of {len(res['cold']['runs'])}) | <= 60 s, >= 95% valid | {res['cold']['median']:.1f} s (runs {', '.join(f'{x:.1f}' for x in res['cold']['runs'])}); valid (last epoch / best) {', '.join(f'{a:.2f}/{b:.2f}%' for a, b in res['cold']['valid_acc'])}; {res['cold']['test']} |",
             f"| 2 | train.py warm cache, other head settings | <= 10 s | {res['warm']['median']:.1f} s (runs {', '.join(f'{x:.1f}' for x in res['warm']['runs'])}) |",
             f"| 3 | pipeline / forward-only ceiling, backbone front as train.py runs it ({t['dtype']}, channels_last, {t['threads']} threads) | >= 85% | {t['pipeline']:.0f} / {t['ceiling']:.0f} img/s = {t['ratio']:.0%} |",
             f"| 3b | the same for the whole backbone (predict, evaluate, `--adapt_epochs 0`) | >= 85% | {res['throughput_body']['pipeline']:.0f} / {res['throughput_body']['ceiling']:.0f} img/s = {res['throughput_body']['ratio']:.0%} |",
             f"| 4 | predict.py cold, wall (median of 5) | <= 2.5 s | {res['predict']['median']:.2f} s (`import torch` alone {res['predict']['import_torch_median']:.2f} s) |",
             f"| 5 | train.py peak RSS, cold cache, each run | <= 2.5 GB every run | {', '.join(f'{m:.0f}' for m in res.get('peak_rss_runs_mb', [res['peak_rss_mb']]))} MB (max {res['peak_rss_mb']:.0f}) |",
             f"| 6 | valid acc, bf16 vs fp32 features (same head training) | no loss | valid (last / best) bf16 {res['bf16_valid_acc'][0]:.2f}/{res['bf16_valid_acc'][1]:.2f}%, fp32 {res['fp32_valid_acc'][0]:.2f}/{res['fp32_valid_acc'][1]:.2f}% |",
             f"| 7 | predict.py on a folder of {res['predict_folder']['images']} photos (median of 3) | close to the ceiling | {res['predict_folder']['median']:.1f} s, {res['predict_folder']['img_per_s']:.0f} img/s after start-up (ceiling {t['ceiling']:.0f}) |", '']
    return '\n'.join(lines)

if __name__ == '__main__':
    if '--throughput-only' in sys.argv:            # row 3 alone, with more interleaved repetitions
        reps = int(sys.argv[sys.argv.index('--reps') + 1]) if '--reps' in sys.argv else 5
        data = next((a for a in sys.argv[1:] if not a.startswith('--') and not a.isdigit()), '../shared/data/flowers')
        txt = f"\n## {time.strftime('%Y-%m-%d %H:%M')} row 3 only, `python bench/bench_cpu.py {' '.join(sys.argv[1:])}`\n\n"
        for part in ('front', 'body'):
            t = throughput(data, reps, part)
            txt += (f"- {part}: pipeline {t['pipeline']:.0f} / ceiling {t['ceiling']:.0f} img/s (medians of {reps}) = {t['pipeline'] / t['ceiling']:.0%}; "
                    f"per-repetition ratios {', '.join(f'{r:.0%}' for r in t['ratios'])}\n")
        print(txt)
        with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write(txt)
        sys.exit()
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    runs = int(sys.argv[sys.argv.index('--runs') + 1]) if '--runs' in sys.argv else 3
    if '--runs' in sys.argv: args = [a for a in args if a != str(runs)]
    res = main(*args, runs=runs)
    txt = report(res, 'python bench/bench_cpu.py ' + ' '.join(sys.argv[1:]))
    print(txt)
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write('\n' + txt + '\n')
    (ROOT/'bench'/'last_run.json').write_text(json.dumps(res, indent=1))
