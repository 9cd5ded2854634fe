"""ONNX export vs the torch checkpoint, in one run: cold predict.py on one photo (.onnx vs .pth vs `python -c "import torch"`),
batch throughput over the test photos (onnxruntime vs torch, images per second after start-up), agreement and accuracy
(fp32 and int8 exports vs the checkpoint), and what a torch-free environment costs on disk. Appends to bench/RESULTS.md.

    python bench/bench_onnx.py [../shared/data/flowers] [--runs 7]

Trains the default model first (cold cache, ~1 min), then exports it twice (fp32, int8).
"""
import os, sys, time, statistics, subprocess, tempfile, shutil, site
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parent.parent

def wall(args, env=None):
    t = time.perf_counter(); subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, check=True, capture_output=True, env=env)
    return time.perf_counter() - t

def du(paths):
    return sum(f.stat().st_size for p in paths for f in Path(p).rglob('*') if f.is_file())

def main(data='../shared/data/flowers', runs=7):
    data = Path(data).resolve(); tmp = Path(tempfile.mkdtemp()); env = {**os.environ, 'FLOWER_CACHE_DIR': str(tmp/'cache')}
    subprocess.run([sys.executable, 'train.py', data, '--save_dir', tmp/'run'], cwd=ROOT, env=env, check=True, capture_output=True)
    ck = tmp/'run'/'best.pth'
    for args in ([ck, '--output', tmp/'m.onnx'], [ck, '--output', tmp/'q.onnx', '--quantize', 'int8']):
        subprocess.run([sys.executable, 'export.py', *args], cwd=ROOT, env=env, check=True, capture_output=True)
    img = sorted((data/'test'/'10').glob('*.jpg'))[0]
    onnx_t, pth_t, torch_t = [], [], []
    for _ in range(runs):                        # interleaved, so drift hits all three
        onnx_t.append(wall(['predict.py', img, tmp/'m.onnx', '--top_k', '3'], env)); pth_t.append(wall(['predict.py', img, ck, '--top_k', '3'], env))
        torch_t.append(wall(['-c', 'import torch']))
    imp = subprocess.run([sys.executable, '-X', 'importtime', 'predict.py', img, tmp/'m.onnx'], cwd=ROOT, env=env, capture_output=True, text=True).stderr
    torch_imported = any(l.split('|')[-1].strip().split('.')[0] == 'torch' for l in imp.splitlines() if l.startswith('import time:'))
    # in process: the test photos through each model
    from flower_classifier.inference import collect_images
    from flower_classifier.onnx_model import OnnxLearner
    from flower_classifier.recipe import FlowerLearner
    files, _ = collect_images([data/'test']); truth = [f.parent.name for f in files]
    def run(model, fp32=False):
        if fp32: os.environ['FLOWER_FP32'] = '1'
        try:
            list(model.predict_files(files[:64], 1, 32, check=False))          # warm-up
            t = time.perf_counter(); rows = list(model.predict_files(files, 89, 32, check=False)); dt = time.perf_counter() - t
        finally: os.environ.pop('FLOWER_FP32', None)
        probs = {str(p): {c: q for c, _, q in r} for p, r in rows}
        return dict(ips=len(rows) / dt, top1=[r[0][0] for _, r in rows], probs=probs)
    pth, pth32 = FlowerLearner.load(ck, cbs=[]), None
    res = dict(torch=run(pth), torch_fp32=run(pth, fp32=True), onnx=run(OnnxLearner(tmp/'m.onnx')), int8=run(OnnxLearner(tmp/'q.onnx')))
    acc = {k: float(np.mean([a == b for a, b in zip(v['top1'], truth)])) for k, v in res.items()}
    def maxdiff(a, b): return max(abs(a['probs'][p][c] - b['probs'][p][c]) for p in a['probs'] for c in a['probs'][p])
    same = lambda a, b: sum(x == y for x, y in zip(res[a]['top1'], res[b]['top1']))
    sp = Path(site.getsitepackages()[0])
    light = [sp/d for d in os.listdir(sp) if d.split('-')[0].split('.')[0].lower() in ('onnxruntime', 'numpy', 'numpy.libs', 'pil', 'pillow', 'pillow.libs', 'simplejpeg', 'pillow_heif', 'pillow_heif.libs', 'fastcore', 'flatbuffers', 'protobuf', 'google', 'coloredlogs', 'humanfriendly', 'packaging', 'sympy', 'mpmath')]
    heavy = [sp/d for d in os.listdir(sp) if d.split('-')[0].lower().startswith(('torch', 'nvidia', 'triton'))]
    n = len(files)
    txt = '\n'.join([f"\n## {time.strftime('%Y-%m-%d %H:%M')} ONNX vs torch, `python bench/bench_onnx.py {' '.join(sys.argv[1:])}`", '',
        '| what | measured |', '|---|---|',
        f"| cold `predict.py photo model.onnx`, median of {runs} | {statistics.median(onnx_t):.2f} s (runs {', '.join(f'{x:.2f}' for x in sorted(onnx_t))}) |",
        f"| cold `predict.py photo best.pth` | {statistics.median(pth_t):.2f} s |",
        f"| `python -c \"import torch\"` | {statistics.median(torch_t):.2f} s; .onnx / import torch = {statistics.median(onnx_t) / statistics.median(torch_t):.2f} |",
        f"| `python -X importtime predict.py photo model.onnx` imports torch | {'yes' if torch_imported else 'no'} |",
        f"| {n} test photos, batch 32, after start-up | onnxruntime fp32 {res['onnx']['ips']:.0f} img/s, int8 {res['int8']['ips']:.0f} img/s; torch (bf16) {res['torch']['ips']:.0f} img/s, torch fp32 {res['torch_fp32']['ips']:.0f} img/s |",
        f"| same top-1, .onnx fp32 vs .pth | {same('onnx', 'torch')}/{n} vs bf16 torch, {same('onnx', 'torch_fp32')}/{n} vs fp32 torch |",
        f"| max probability difference, .onnx fp32 vs .pth | {maxdiff(res['onnx'], res['torch']):.1e} vs bf16 torch (predict.py's default here), {maxdiff(res['onnx'], res['torch_fp32']):.1e} vs fp32 torch |",
        f"| test top-1 | .pth {acc['torch']:.2%}, .onnx fp32 {acc['onnx']:.2%}, .onnx int8 {acc['int8']:.2%} (change {100 * (acc['int8'] - acc['onnx']):+.2f} points) |",
        f"| file size | .pth {ck.stat().st_size / 1e6:.1f} MB, .onnx {(tmp/'m.onnx').stat().st_size / 1e6:.1f} MB, int8 {(tmp/'q.onnx').stat().st_size / 1e6:.1f} MB |",
        f"| disk for a torch-free predict environment (onnxruntime, numpy, pillow, simplejpeg, pillow-heif, fastcore and their deps) | {du(light) / 1e6:.0f} MB, vs {du(heavy) / 1e6:.0f} MB for torch + its CUDA libraries |", ''])
    print(txt)
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write(txt)
    shutil.rmtree(tmp)

if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    runs = int(sys.argv[sys.argv.index('--runs') + 1]) if '--runs' in sys.argv else 7
    main(*[a for a in args if a != str(runs)], runs=runs)
