"""Where a cold default run spends its time: imports, listing, the feature pass, the last stage, the head, calibration, saving, the companion.

    python bench/profile_cold.py ../shared/data/flowers [--options "--arch efficientnet_lite1"] [--runs 1]

Each run is a fresh process with an empty cache, as `train.py data_dir --save_dir DIR` runs it (the CLI's companion callback
included). A callback stamps the time of every phase the learner announces; the table gives each phase's seconds and share of
the wall, the host's CPU kind, the engine and dtype of the feature pass, and peak memory. Appends the table to bench/RESULTS.md."""
import argparse, json, resource, subprocess, sys, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent

def one(data, opts):
    "A cold run in this process: `[(phase, seconds)]`, peak RSS in MB"
    t0 = time.perf_counter(); import torch; t_torch = time.perf_counter(); del torch
    sys.path.insert(0, str(ROOT))
    from flower_classifier.config import TrainConfig, Callback
    from flower_classifier.recipe import FlowerLearner
    from flower_classifier.onnx_model import WriteCompanion
    sys.path.insert(0, str(ROOT/'bench')); from bench_field import options
    marks = [('import torch', t0), ('import flower_classifier', t_torch), ('listing the photos', time.perf_counter())]
    class Stamp(Callback):
        order = 15                                   # its after_fit: after calibration and the checkpoints, before the companion
        def phase(self, name): marks.append((name, time.perf_counter()))
        def after_fit(self): marks.append(('writing the companion .onnx', time.perf_counter()))
    save, cache = tempfile.mkdtemp(prefix='prof_save_'), tempfile.mkdtemp(prefix='prof_cache_')
    learn = FlowerLearner.from_folder(data, TrainConfig(cache_dir=cache, **options(opts)), save_dir=save, cbs=[Stamp(), WriteCompanion()])
    learn.fit(); marks.append(('end', time.perf_counter()))
    seen = {}
    for (name, t), (_, t1) in zip(marks, marks[1:]):
        name = 'saving the checkpoint' if name.startswith('saving') else name
        seen[name] = seen.get(name, 0) + t1 - t
    return dict(steps=list(seen.items()), wall=marks[-1][1] - t0, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                valid=max(h['valid_acc'] for h in learn.history), engine=learn.config.engine)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('data'); ap.add_argument('--options', default=''); ap.add_argument('--runs', type=int, default=1)
    ap.add_argument('--one', action='store_true', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one: print(json.dumps(one(a.data, a.options))); sys.exit()
    sys.path.insert(0, str(ROOT/'bench')); from bench_cpu import host_line
    runs = []
    for _ in range(a.runs):
        p = subprocess.run([sys.executable, __file__, a.data, '--options', a.options, '--one'], capture_output=True, text=True)
        if p.returncode: sys.exit(p.stderr[-2000:])
        runs.append(json.loads(p.stdout.strip().splitlines()[-1]))
    names = [n for n, _ in runs[0]['steps']]
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M')} where a cold run spends its time, `python bench/profile_cold.py {' '.join(sys.argv[1:])}`\n",
             f"{host_line()}. Runs: {a.runs}, each a fresh process with an empty cache; seconds per phase (mean over runs).\n",
             '| phase | seconds | share |', '|---|---|---|']
    wall = sum(r['wall'] for r in runs) / len(runs)
    for n in names:
        s = sum(dict(r['steps']).get(n, 0) for r in runs) / len(runs)
        lines.append(f'| {n} | {s:.1f} | {s / wall:.0%} |')
    lines.append(f"| **wall** | **{wall:.1f}** | peak {max(r['peak_mb'] for r in runs):.0f} MB, best valid {runs[0]['valid']:.2%} |")
    with open(ROOT/'bench'/'RESULTS.md', 'a') as fh: fh.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
