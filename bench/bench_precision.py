"""bf16 vs fp32, part by part: the backbone's front (whose maps are cached) and the last stage (fine-tuned on them, then giving
the head's features), each in bf16 autocast or fp32, as train.py's defaults run them (2 epochs of the stage, 20 of the head);
valid and test top-1 of the last epoch and of the best epoch by valid accuracy, seeds 0 and 1. Appends to bench/RESULTS.md.

    python bench/bench_precision.py [../shared/data/flowers]
"""
import copy, os, sys, time, tempfile, torch
from pathlib import Path
from flower_classifier.core import tune_malloc; tune_malloc()
from flower_classifier.models import create_model, get_arch, split_body, make_head
from flower_classifier.data import find_classes, list_images
from flower_classifier.features import cached_features
from flower_classifier.learner import adapt_last_stage, stage_features, fit, TensorBatches
D = Path(sys.argv[1] if len(sys.argv) > 1 else '../shared/data/flowers'); CACHE = tempfile.mkdtemp(); classes = find_classes(D/'train'); dev = torch.device('cpu')
m = create_model('efficientnet_lite0', len(classes)); pp = get_arch('efficientnet_lite0').preprocess()
front, stage0 = split_body('efficientnet_lite0', m.body)
def maps(fp32):
    if fp32: os.environ['FLOWER_FP32'] = '1'
    else: os.environ.pop('FLOWER_FP32', None)
    return {s: cached_features(front, 'efficientnet_lite0', list_images(D/s, classes)[0], pp, 0, CACHE, dev) for s in ['train', 'valid', 'test']}
rows = []
acc = lambda l, y: (l.argmax(1) == y).float().mean().item()
for ffp32 in [False, True]:
    M = maps(ffp32)
    for sfp32 in [False, True]:
        if sfp32: os.environ['FLOWER_FP32'] = '1'
        else: os.environ.pop('FLOWER_FP32', None)
        for seed in [0, 1]:
            st = copy.deepcopy(stage0)
            adapt_last_stage(st, [(M['train']['feats'], M['train']['labels'])], None, len(classes), 2, 1e-3, 64, seed, dev)
            f = lambda x: stage_features(st, x, dev).half().float()
            tr = [f(M['train']['feats']), f(M['train']['feats'].flip(-1))]; va = f(M['valid']['feats']); te = f(M['test']['feats'])
            y = {s: M[s]['labels'] for s in M}
            torch.manual_seed(seed); h = make_head(va.shape[1], len(classes)); opt = torch.optim.AdamW(h.parameters(), 3e-3, weight_decay=0)
            best = (-1, None)
            def cb(r, hist):
                global best
                h.eval()
                with torch.no_grad(): a = acc(h(va), y['valid']); t = acc(h(te), y['test'])
                if a > best[0]: best = (a, t)
            fit(h, lambda ep: TensorBatches(tr[ep % 2], y['train'], batch_size=64, generator=torch.Generator().manual_seed(seed * 100_003 + ep)), None, 20, opt, on_epoch_end=cb)
            h.eval()
            with torch.no_grad(): lv, lt = acc(h(va), y['valid']), acc(h(te), y['test'])
            rows.append(f"| {'fp32' if ffp32 else 'bf16'} | {'fp32' if sfp32 else 'bf16'} | {seed} | {lv:.2%} | {lt:.2%} | {best[0]:.2%} | {best[1]:.2%} |")
            print(f"front {'fp32' if ffp32 else 'bf16'} stage {'fp32' if sfp32 else 'bf16'} seed {seed}: last valid {lv:.2%} test {lt:.2%} | best valid {best[0]:.2%} test {best[1]:.2%}", flush=True)
txt = '\n'.join([f"## {time.strftime('%Y-%m-%d %H:%M')} bf16 vs fp32 by part, `python bench/bench_precision.py {' '.join(sys.argv[1:])}`", '',
                 '| front | stage | seed | last valid | last test | best valid | test at best |', '|---|---|---|---|---|---|---|', *rows, ''])
with open(Path(__file__).resolve().parent/'RESULTS.md', 'a') as fh: fh.write('\n' + txt + '\n')
import shutil; shutil.rmtree(CACHE)
