"""predict.py cold start on one photo: wall time of the whole process vs `python -c "import torch"` (subprocesses, medians),
and, in one process, what each step after `import torch` costs. Appends to bench/RESULTS.md.

    python bench/bench_predict_start.py [--runs 7]

Self-contained: trains a checkpoint on the built-in sample first (the network is the same size whatever it was trained on).
"""
import os, sys, time, statistics, subprocess, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT/'flower_classifier'/'sample'

def wall(args):
    t = time.perf_counter(); subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t

def main(runs=7):
    tmp = Path(tempfile.mkdtemp()); env = {**os.environ, 'FLOWER_CACHE_DIR': str(tmp/'cache')}
    subprocess.run([sys.executable, 'train.py', SAMPLE, '--save_dir', tmp/'run', '--epochs', '2'], cwd=ROOT, env=env, check=True, capture_output=True)
    ck, img = tmp/'run'/'best.pth', sorted((SAMPLE/'test'/'10').glob('*.jpg'))[0]
    comp, aside = tmp/'run'/'best.onnx', tmp/'run'/'aside.onnx'
    pred, imp, predc = [], [], []
    for _ in range(runs):                       # interleaved, so drift hits all three
        if comp.exists(): predc.append(wall(['predict.py', img, ck, '--top_k', '3'])); comp.rename(aside)    # with train.py's companion .onnx
        pred.append(wall(['predict.py', img, ck, '--top_k', '3'])); imp.append(wall(['-c', 'import torch']))  # through torch
        if aside.exists(): aside.rename(comp)
    steps = subprocess.run([sys.executable, '-c', f'''
import time; t = time.perf_counter()
import torch; t1 = time.perf_counter()
from flower_classifier.recipe import FlowerLearner
from flower_classifier.cli import Terminal
t2 = time.perf_counter(); learn = FlowerLearner.load({str(ck)!r}, cbs=[Terminal()]); t4 = time.perf_counter()
with torch.no_grad(): list(learn.predict_files([{str(img)!r}], 3, check=False))
t5 = time.perf_counter()
print(f"import torch {{t1 - t:.2f}} s; flower_classifier imports {{(t2 - t1) * 1e3:.0f}} ms, checkpoint load + model build (FlowerLearner.load) "
      f"{{(t4 - t2) * 1e3:.0f}} ms, decode + forward {{(t5 - t4) * 1e3:.0f}} ms: {{t5 - t1:.2f}} s after import torch")
'''], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    txt = (f"\n## {time.strftime('%Y-%m-%d %H:%M')} predict cold start, `python bench/bench_predict_start.py {' '.join(sys.argv[1:])}`\n\n"
           + (f"- predict.py on one photo, best.pth with the companion best.onnx train.py wrote (no torch), median of {runs}: {statistics.median(predc):.2f} s (runs {', '.join(f'{x:.2f}' for x in sorted(predc))}); {statistics.median(predc) / statistics.median(imp):.2f}x `import torch`\n" if predc else "- (no companion .onnx: onnx/onnxruntime not installed)\n")
           + f"- predict.py on one photo through torch (companion moved aside), median of {runs}: {statistics.median(pred):.2f} s (runs {', '.join(f'{x:.2f}' for x in sorted(pred))})\n"
           f"- `python -c \"import torch\"`, median of {runs}: {statistics.median(imp):.2f} s (runs {', '.join(f'{x:.2f}' for x in sorted(imp))})\n"
           f"- in one process: {steps}\n")
    print(txt)
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write(txt)

if __name__ == '__main__':
    main(int(sys.argv[sys.argv.index('--runs') + 1]) if '--runs' in sys.argv else 7)
