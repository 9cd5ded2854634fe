"""Forward-pass speeds behind the engine's choices, on this host: Lite0's front (torch as it would run, onnxruntime fp32, int8)
and its last stage on maps (torch by batch size, onnxruntime), plus the stage's training step.

    python bench/bench_passes.py [DATA]        # DATA: a data set with train/ (its photos calibrate int8); default ../shared/data/flowers

Run it plainly and under the AVX2 switches (`FLOWER_FP32=1 ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2`). Best of 3 timed
calls after a warm one; 2 threads as train.py runs. Appends a table to bench/RESULTS.md."""
import sys, time
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT/'bench'))
import torch
from bench_cpu import host_line
from flower_classifier.models import create_model, split_body, make_head, FlowerNet
from flower_classifier.data import find_classes, list_images
from flower_classifier.engine import OrtFront, calibration_images, ort_stage_features
from flower_classifier.features import infer
from flower_classifier.learner import stage_features, forward

def best(f, n, reps=3):
    "Items per second of `f()` (which handles `n` items): best of `reps` after one warm call"
    f(); ts = []
    for _ in range(reps): t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return n / min(ts)

if __name__ == '__main__':
    data = Path(next((a for a in sys.argv[1:] if not a.startswith('--')), ROOT.parent/'shared'/'data'/'flowers'))
    net = create_model('efficientnet_lite0', 89).eval(); front, stage = split_body('efficientnet_lite0', net.body)
    pp = dict(input_size=224, resize_size=256, mean=[.5] * 3, std=[.5] * 3, interpolation='bicubic')
    samples = list_images(data/'train', find_classes(data/'train'))[0]
    x = calibration_images(samples[1::2], pp, 64).contiguous(memory_format=torch.channels_last)     # 64 real photos
    rows = []
    with torch.no_grad():
        for bs in (16, 32): rows.append((f'front, torch (as train.py runs it), batch {bs}', best(lambda: [infer(front, c) for c in x.split(bs)], len(x)), 'img/s'))
        o32 = OrtFront(front, 224)
        rows.append(('front, onnxruntime fp32, chunks of 16', best(lambda: o32(x), len(x)), 'img/s'))
        o8 = OrtFront(front, 224, calib=calibration_images(samples, pp))
        rows.append((f'front, {o8.name}, chunks of 16', best(lambda: o8(x), len(x)), 'img/s'))
        maps = o32(x).repeat(12, 1, 1, 1)                                  # 768 real maps
        for bs in (32, 64, 256): rows.append((f'last stage forward, torch, batch {bs}', best(lambda: stage_features(stage, maps, batch_size=bs), len(maps)), 'maps/s'))
        run = ort_stage_features(stage)
        rows.append(('last stage forward, onnxruntime fp32', best(lambda: run(maps), len(maps)), 'maps/s'))
    model = FlowerNet(stage, make_head(1280, 89)); params = list(model.parameters())
    for p in params: p.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=1e-4); y = torch.randint(0, 89, (len(maps),), generator=torch.Generator().manual_seed(0))
    def step(bs=64):
        model.train()
        for xb, yb in zip(maps.split(bs), y.split(bs)):
            loss = torch.nn.functional.cross_entropy(forward(model, xb, torch.device('cpu')), yb); opt.zero_grad(); loss.backward(); opt.step()
    rows.append(('last stage training step (forward + backward), torch, batch 64', best(step, len(maps), 2), 'maps/s'))
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M')} forward passes, `python bench/bench_passes.py {' '.join(sys.argv[1:])}`\n", host_line(), '',
             '| pass | speed |', '|---|---|'] + [f'| {n} | {v:.0f} {u} |' for n, v, u in rows]
    txt = '\n'.join(lines); print(txt)
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write(txt + '\n')
