"""Other people's photos: accuracy on field_hr (parts A and B), the 128-px field set and valid, and how often unknown kinds are flagged, per recipe option, means over seeds.

    python bench/bench_field.py ../shared/data/flowers ../shared/data/field_hr ../shared/data/field [--seeds 0,1,2] [--options "--arch efficientnet_lite2"] [--test]

Each option set trains once per seed in a child process: seed 0 with an empty cache (its wall time and peak memory are the
cold run's), the other seeds on the cache it filled. Each model is evaluated with `FlowerLearner.evaluate`, so the unsure
rule is the one the model card stores and every predictor uses. field_hr is read as its README says: part A
(Flickr photos at their published size: 49 oxeye daisy, 50 dandelion, 54 sunflower, 74 rose; a daisy named 41 barberton
daisy counts as right), part B (256-px web photos: 5, 31, 63, 65, 68), and its unknown kinds (tulip, astilbe), each
flagged-unsure rate reported alone. Dandelion seed heads are not in the data set's dandelion class, so class 50 is also
reported alone. Defaults are chosen on valid and field_hr only; test is reported (--test), never targeted. Appends a table
to bench/RESULTS.md."""
import argparse, json, resource, shlex, statistics, sys, tempfile, time, subprocess
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PART_A, PART_B = ['49', '50', '54', '74'], ['5', '31', '63', '65', '68']

def parts(field_hr, field, tmp):
    "Folders of symlinks: field_hr's part A, part B, each unknown kind; the 128-px field set"
    out = {}
    for name, sub in [('A', [('known', c) for c in PART_A]), ('B', [('known', c) for c in PART_B]),
                      ('tulip', [('unknown', 'tulip')]), ('astilbe', [('unknown', 'astilbe')])]:
        d = Path(tmp, name); d.mkdir(parents=True, exist_ok=True)
        for top, c in sub:
            if not (d/c).exists(): (d/c).symlink_to(Path(field_hr, top, c).resolve())
        out[name] = d
    if field: out['field'], out['field_tulip'] = Path(field, 'known'), Path(field, 'unknown')
    return out

def options(opts:str)->dict:
    "`--name value` pairs (or a lone `--flag`) as `TrainConfig` keyword arguments"
    from flower_classifier.config import TrainConfig
    kw, toks, i = {}, shlex.split(opts), 0
    while i < len(toks):
        k = toks[i].lstrip('-').replace('-', '_'); default = getattr(TrainConfig(), k)
        if isinstance(default, bool) and (i + 1 == len(toks) or toks[i + 1].startswith('--')): kw[k] = True; i += 1
        else: kw[k] = toks[i + 1] if default is None or isinstance(default, tuple) else type(default)(toks[i + 1]); i += 2
    return kw

def run_one(data, where, opts, seed, cache, test):
    from flower_classifier.config import TrainConfig
    from flower_classifier.recipe import FlowerLearner
    t0 = time.perf_counter()
    learn = FlowerLearner.from_folder(data, TrainConfig(seed=seed, cache_dir=cache, **options(opts)), cbs=[])
    learn.fit(); learn.load_best(); wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ev = learn.evaluate
    v, a, b = ev(Path(data)/'valid'), ev(where['A'], also_right={'49': ['41']}), ev(where['B'])
    dand = next(r['acc'] for r in a['per_class'] if r['cls'] == '50')
    sure = lambda r: r.get('sure_top1')
    r = dict(opts=opts, seed=seed, wall=wall, peak_mb=peak, valid=v['top1'], valid_unsure=v['unsure_rate'], A=a['top1'], A5=a['top5'], B=b['top1'], B5=b['top5'],
             A_no_dandelion=statistics.mean(x['acc'] for x in a['per_class'] if x['cls'] != '50'), dandelion=dand,
             hr_unsure=(a['unsure_rate'] * a['n'] + b['unsure_rate'] * b['n']) / (a['n'] + b['n']),
             hr_sure=(sure(a) * a['sure_n'] + sure(b) * b['sure_n']) / max(1, a['sure_n'] + b['sure_n']),
             tulip=ev(where['tulip'])['unknown']['unsure_rate'], astilbe=ev(where['astilbe'])['unknown']['unsure_rate'])
    if 'field' in where:
        r['field'] = ev(where['field'], also_right={'49': ['41']})['top1']; r['field_tulip'] = ev(where['field_tulip'])['unknown']['unsure_rate']
    if test: r['test'] = ev(Path(data)/'test')['top1']
    return r

COLS = [('valid', 'valid top-1'), ('A', 'A top-1'), ('A5', 'A top-5'), ('A_no_dandelion', 'A w/o dandelion'), ('dandelion', 'dandelion'), ('B', 'B top-1'),
        ('B5', 'B top-5'), ('hr_sure', 'A+B top-1 when sure'), ('valid_unsure', 'unsure: valid'), ('hr_unsure', 'unsure: A+B'), ('tulip', 'unsure: tulip'),
        ('astilbe', 'unsure: astilbe'), ('field', '128-px field'), ('field_tulip', 'unsure: 128-px tulips')]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('data'); ap.add_argument('field_hr'); ap.add_argument('field', nargs='?')
    ap.add_argument('--seeds', default='0,1,2'); ap.add_argument('--options', action='append', default=None)
    ap.add_argument('--test', action='store_true'); ap.add_argument('--one', help=argparse.SUPPRESS)
    a = ap.parse_args(); tmp = tempfile.mkdtemp(prefix='bench_field_')
    where = parts(a.field_hr, a.field, tmp)
    if a.one:                                    # a child process: one run, JSON on the last line
        o = json.loads(a.one); print(json.dumps(run_one(a.data, where, o['opts'], o['seed'], o['cache'], a.test))); sys.exit()
    def child(opts, seed, cache):
        p = subprocess.run([sys.executable, __file__, a.data, a.field_hr, *([a.field] if a.field else []), *(['--test'] if a.test else []),
                            '--one', json.dumps(dict(opts=opts, seed=seed, cache=cache))], capture_output=True, text=True)
        if p.returncode: raise SystemExit(f'{opts!r} seed {seed}: ' + p.stderr[-2000:])
        return json.loads(p.stdout.strip().splitlines()[-1])
    rows = []
    for opts in a.options or ['']:
        cache = tempfile.mkdtemp(prefix='bench_field_cache_')
        runs = [child(opts, int(s), cache) for s in a.seeds.split(',')]
        m = {k: statistics.mean(r[k] for r in runs) for k in runs[0] if k not in ('opts', 'seed')}
        rows.append((opts or 'defaults', m, runs)); print(opts or 'defaults', json.dumps(m), flush=True)
    cols = [(k, h) for k, h in COLS if k in rows[0][1]] + ([('test', 'test top-1')] if a.test else [])
    f = lambda x: f'{x:.1%}'
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M')} other people's photos, `python bench/bench_field.py {' '.join(sys.argv[1:])}`\n",
             f"Means over seeds {a.seeds}. field_hr part A: 49/50/54/74 (240 photos; 41 counts for a daisy); B: 5/31/63/65/68 (300); unsure rates by the model's own rule. "
             f"Cold wall and peak memory: the seed-0 run with an empty cache.\n",
             '| options | ' + ' | '.join(h for _, h in cols) + ' | cold wall | peak RSS |', '|---' * (len(cols) + 3) + '|']
    for name, m, runs in rows:
        lines.append(f"| `{name}` | " + ' | '.join(f(m[k]) for k, _ in cols) + f" | {runs[0]['wall']:.0f} s | {runs[0]['peak_mb'] / 1024:.2f} GB |")
        lines.append("| per seed | " + ' | '.join(', '.join(f'{100 * r[k]:.1f}' for r in runs) for k, _ in cols) + ' | ' + ', '.join(f"{r['wall']:.0f}" for r in runs) + ' s | |')
    with open(ROOT/'bench'/'RESULTS.md', 'a') as fh: fh.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
