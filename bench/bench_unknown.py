"""Which score says "I don't know" best: unknown kinds flagged when each score flags 5% of the validation photos.

    python bench/bench_unknown.py CHECKPOINT ../shared/data/flowers ../shared/data/field_hr [--rate 0.05]

On a trained model's backbone features (evaluation view) of train, valid and field_hr's unknown kinds (tulip, astilbe), each
score's threshold is set so that `rate` of valid is flagged, then the share of each unknown kind above it is printed:
max softmax probability (what the card used before), energy (-logsumexp of the logits), distance to the nearest training photo
(1 - cosine, kNN with k=1), to the mean of k=10 nearest, to the nearest class mean (cosine), Mahalanobis distance to the nearest
class mean (shared covariance), and the rule the model card stores (`card.unsure_flags`: low confidence or far from every training
photo, each flagging half of `rate`). Also the A+B field_hr photos flagged and the accuracy on the ones left."""
import sys, numpy as np, torch
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

def main(ckpt, data, field_hr, rate=0.05):
    from flower_classifier.recipe import FlowerLearner
    from flower_classifier.data import list_images
    from flower_classifier.features import cached_features
    from flower_classifier.evaluate import unsure_thresholds
    from flower_classifier.card import unsure_flags
    import tempfile
    L = FlowerLearner.load(ckpt, cbs=[]); m, C = L.model.eval(), L.classes; cache = tempfile.mkdtemp(prefix='bench_unknown_')
    def feats(samples): return cached_features(m.body, L.card.arch, samples, L.pp, 0, cache, torch.device('cpu'), 64)['feats'].float()
    tr = list_images(Path(data, 'train'), C)[0]; va = list_images(Path(data, 'valid'), C)[0]
    known = list_images(Path(field_hr, 'known'), C)[0]
    unk = {k: [(p, 0) for p in sorted(Path(field_hr, 'unknown', k).glob('*')) if p.is_file()] for k in ('tulip', 'astilbe')}
    Ftr, Fva, Fkn = feats(tr), feats(va), feats(known); Fu = {k: feats(s) for k, s in unk.items()}
    ytr = torch.tensor([y for _, y in tr]); ykn = np.array([y for _, y in known])
    n = lambda f: torch.nn.functional.normalize(f, dim=1)
    mu = torch.stack([Ftr[ytr == c].mean(0) for c in range(len(C))]); cov = torch.cov((Ftr - mu[ytr]).T) + 1e-3 * torch.eye(Ftr.shape[1])
    P = torch.linalg.inv(cov)
    with torch.no_grad():
        scores = {   # higher: more likely unknown
            'max softmax': lambda f: -m.logits(f).softmax(1).amax(1),
            'energy': lambda f: -torch.logsumexp(m.head(f), 1),
            'kNN, k=1': lambda f: 1 - (n(f) @ n(Ftr).T).amax(1),
            'kNN, mean of k=10': lambda f: 1 - (n(f) @ n(Ftr).T).topk(10, 1).values.mean(1),
            'nearest class mean (cosine)': lambda f: 1 - (n(f) @ n(mu).T).amax(1),
            'Mahalanobis': lambda f: torch.stack([((f - c) @ P * (f - c)).sum(1) for c in mu], 1).amin(1)}
        print(f"{'score':30s} threshold at {rate:.0%} of valid: tulip / astilbe flagged")
        for name, s in scores.items():
            t = np.quantile(s(Fva).numpy(), 1 - rate)
            print(f"{name:30s} " + ' / '.join(f"{(s(Fu[k]).numpy() > t).mean():.1%}" for k in Fu))
        out = lambda f: (m.logits(f).softmax(1).numpy(), m.novelty(f).numpy() if len(m.bank) else 1 - (n(f) @ n(Ftr).T).amax(1).numpy())
        pv, nv = out(Fva); cal = unsure_thresholds(pv, nv, rate)
        flag = lambda f: unsure_flags(*out(f), cal)
        pk = out(Fkn)[0]; fk = flag(Fkn); i41, i49 = C.index('41'), C.index('49')
        right = lambda p, y: (p == y) | ((y == i49) & (p == i41))     # a daisy named barberton daisy counts, as in bench_field
        print(f"{'card rule (confidence or kNN)':30s} " + ' / '.join(f"{flag(Fu[k]).mean():.1%}" for k in Fu)
              + f"; valid flagged {flag(Fva).mean():.1%}; field_hr known flagged {fk.mean():.1%}, right on {right(pk.argmax(1), ykn)[~fk].mean():.1%} of the rest")

if __name__ == '__main__':
    a = sys.argv[1:]
    if len(a) < 3: sys.exit(__doc__)
    main(*a[:3], **({'rate': float(a[a.index('--rate') + 1])} if '--rate' in a else {}))
