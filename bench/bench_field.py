"""Other people's photos: accuracy on `field/known`, unsure rates on `field/unknown` and `valid`, calibration, for recipe options.

    python bench/bench_field.py ../shared/data/flowers ../shared/data/field [--seeds 0,1,2] [--options "--web_views 1"]

Every option set trains with each seed (cache warm after the first), then is evaluated on valid, field/known (a daisy named
class 41 counts as right, as the field README says) and field/unknown; the cold wall time of each option set is measured
once with an empty cache. Defaults are chosen on valid and field only; test is reported for the chosen default alone
(--test). Appends a table to bench/RESULTS.md."""
import argparse, json, shlex, statistics, sys, tempfile, time, subprocess
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

def run_one(data, field, opts, seed, cache, test):
    from flower_classifier.config import TrainConfig
    from flower_classifier.recipe import FlowerLearner
    kw = {}
    toks = shlex.split(opts)
    for i in range(0, len(toks), 2): kw[toks[i].lstrip('-').replace('-', '_')] = type(getattr(TrainConfig(), toks[i].lstrip('-').replace('-', '_')))(toks[i + 1])
    t0 = time.perf_counter()
    learn = FlowerLearner.from_folder(data, TrainConfig(seed=seed, cache_dir=cache, **kw), cbs=[])
    learn.fit(); learn.load_best(); wall = time.perf_counter() - t0
    v = learn.evaluate(Path(data)/'valid'); k = learn.evaluate(Path(field)/'known', also_right={'49': ['41']}); u = learn.evaluate(Path(field)/'unknown')
    r = dict(opts=opts, seed=seed, wall=wall, valid=v['top1'], valid_ece=v['ece'], valid_unsure=v['unsure_rate'], field=k['top1'], field5=k['top5'],
             field_ece=k['ece'], field_sure=k['sure_top1'], field_unsure=k['unsure_rate'], tulip_unsure=u['unknown']['unsure_rate'],
             temperature=learn.calibration['temperature'])
    if test: r['test'] = learn.evaluate(Path(data)/'test')['top1']
    return r

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('data'); ap.add_argument('field')
    ap.add_argument('--seeds', default='0,1,2'); ap.add_argument('--options', action='append', default=None)
    ap.add_argument('--test', action='store_true'); ap.add_argument('--cold', action='store_true', help='also time one run per option set with an empty cache')
    ap.add_argument('--one', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:                                    # a child process: one run, JSON on the last line
        o = json.loads(a.one); print(json.dumps(run_one(a.data, a.field, o['opts'], o['seed'], o['cache'], o['test']))); sys.exit()
    opts_list = a.options or ['']
    cache = tempfile.mkdtemp(prefix='bench_field_cache_')
    child = lambda opts, seed, cache, test=False: json.loads(subprocess.run([sys.executable, __file__, a.data, a.field, '--one', json.dumps(dict(opts=opts, seed=seed, cache=cache, test=test))],
                                                                capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
    rows = []
    for opts in opts_list:
        cold = child(opts, 0, tempfile.mkdtemp(prefix='bench_field_cold_'))['wall'] if a.cold else None
        runs = [child(opts, int(s), cache, a.test) for s in a.seeds.split(',')]
        m = {k: statistics.mean(r[k] for r in runs if r.get(k) is not None) for k in runs[0] if k not in ('opts', 'seed') and runs[0][k] is not None}
        rows.append((opts or 'defaults', m, cold, runs)); print(opts or 'defaults', json.dumps(m), flush=True)
    f = lambda x: f'{x:.2%}'
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M')} other people's photos, `python bench/bench_field.py {' '.join(sys.argv[1:])}`\n",
             f"Means over seeds {a.seeds}; field = field/known (400 photos of 4 classes; class 41 counts for a daisy), tulips = field/unknown (100).\n",
             "| options | valid top-1 | field top-1 | field top-5 | field top-1 when sure | ECE valid | ECE field | unsure: valid | unsure: field | unsure: tulips | cold wall | warm wall |" + (" test top-1 |" if a.test else ''),
             "|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|" if a.test else '')]
    for name, m, cold, runs in rows:
        lines.append(f"| `{name}` | {f(m['valid'])} | {f(m['field'])} | {f(m['field5'])} | {f(m['field_sure']) if 'field_sure' in m else 'n/a'} | {m['valid_ece']:.3f} | {m['field_ece']:.3f} | "
                     f"{f(m['valid_unsure'])} | {f(m['field_unsure'])} | {f(m['tulip_unsure'])} | {f'{cold:.0f} s' if cold else 'n/a'} | {m['wall']:.0f} s |" + (f" {f(m['test'])} |" if a.test else ''))
        lines.append(f"|  per seed: field {', '.join(f(r['field']) for r in runs)}; valid {', '.join(f(r['valid']) for r in runs)}; tulips {', '.join(f(r['tulip_unsure']) for r in runs)} |||||||||||" + ("|" if a.test else ''))
    with open(ROOT/'bench'/'RESULTS.md', 'a') as fh: fh.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
