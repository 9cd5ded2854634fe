"""bf16 vs fp32, part by part: the backbone's front (whose maps are cached) and the last stage (fine-tuned on them, then giving
the head's features), each in bf16 autocast or fp32, through the library's recipe (`FlowerLearner`, train.py's defaults);
valid and test top-1 of the last epoch and of the best epoch by valid accuracy, seeds 0 and 1. Appends to bench/RESULTS.md.

    python bench/bench_precision.py [../shared/data/flowers]

The precision is `FLOWER_FP32` (read at every forward); a callback switches it once the front's maps are ready.
"""
import os, sys, time, tempfile, shutil
from pathlib import Path
from flower_classifier.core import tune_malloc; tune_malloc()
from flower_classifier import FlowerLearner, TrainConfig
from flower_classifier.recipe import Callback

def set_fp32(on):
    if on: os.environ['FLOWER_FP32'] = '1'
    else: os.environ.pop('FLOWER_FP32', None)

class StagePrecision(Callback):
    "Switches to the stage's precision when the front's maps are ready"
    def __init__(self, fp32): self.fp32 = fp32
    def message(self, kind, text):
        if text.startswith('backbone front maps'): set_fp32(self.fp32)

def main(data='../shared/data/flowers'):
    D, cache, rows = Path(data), tempfile.mkdtemp(), []
    for ffp32 in [False, True]:
        for sfp32 in [False, True]:
            for seed in [0, 1]:
                set_fp32(ffp32)
                learn = FlowerLearner.from_folder(D, TrainConfig(seed=seed, cache_dir=cache), cbs=[StagePrecision(sfp32)])
                hist = learn.fit()
                last_test = learn.evaluate(D/'test')['top1']
                best_test = learn.load_best().evaluate(D/'test')['top1']
                lv, bv = hist[-1]['valid_acc'], learn.best['acc']
                p = lambda x: 'fp32' if x else 'bf16'
                rows.append(f"| {p(ffp32)} | {p(sfp32)} | {seed} | {lv:.2%} | {last_test:.2%} | {bv:.2%} | {best_test:.2%} |")
                print(rows[-1], flush=True)
    set_fp32(False); shutil.rmtree(cache)
    txt = '\n'.join([f"## {time.strftime('%Y-%m-%d %H:%M')} bf16 vs fp32 by part, `python bench/bench_precision.py {' '.join(sys.argv[1:])}`", '',
                     '| front | stage | seed | last valid | last test | best valid | test at best |', '|---|---|---|---|---|---|---|', *rows, ''])
    with open(Path(__file__).resolve().parent/'RESULTS.md', 'a') as fh: fh.write('\n' + txt + '\n')

if __name__ == '__main__': main(*sys.argv[1:2])
