"""Why other people's photos are hard: the measurements behind the notes in bench/RESULTS.md (frozen backbones, linear heads).

    python bench/explore_field.py detail ../shared/data/field ../shared/data/flowers     # how much detail the photos carry
    python bench/explore_field.py feats ../shared/data/flowers ../shared/data/field efficientnet_lite0 OUT.pt [--views 2]
    python bench/explore_field.py heads OUT.pt                                            # heads on those features: valid, field, tulips, ECE
    python bench/explore_field.py tta CHECKPOINT ../shared/data/flowers ../shared/data/field   # test-time augmentation of a trained model

`feats` stores pooled features of the frozen ImageNet backbone for train (plus `--views` web views made by `transforms.web_photo`),
valid (and valid as web photos), field/known and field/unknown. `heads` trains several heads on them (seed 0) and prints
valid accuracy, valid-as-web-photos accuracy, field top-1/top-5 (class 41 counts for a daisy), ECE after temperature scaling
on valid, and the share of tulips and field photos under the unsure threshold (4% of valid)."""
import sys, numpy as np, torch, torch.nn.functional as F
from pathlib import Path
from PIL import Image

def detail(field, data):
    "Mean abs difference between a photo and its round trip through s x s pixels (small: the photo holds no more detail than s x s)"
    def err(im):
        a = np.asarray(im, np.float32)
        return [np.abs(a - np.asarray(im.resize((s, s), Image.BICUBIC).resize(im.size, Image.BICUBIC), np.float32)).mean() for s in (16, 24, 32, 48, 64, 96)]
    for name, files, prep in [('field/known', sorted(Path(field, 'known').rglob('*.jpg'))[:100], lambda im: im),
                              ('field/unknown', sorted(Path(field, 'unknown').rglob('*.jpg'))[:100], lambda im: im),
                              ('valid at 128 px', sorted(Path(data, 'valid').rglob('*.jpg'))[:100], lambda im: im.resize((128, 128), Image.BICUBIC))]:
        e = np.mean([err(prep(Image.open(f).convert('L'))) for f in files], 0)
        print(f"{name:16s} round trip through 16/24/32/48/64/96 px: " + ' '.join(f'{v:.2f}' for v in e))

def feats(data, field, arch, out, views=2):
    from flower_classifier.models import create_model, get_arch
    from flower_classifier.data import find_classes, list_images, load_image
    from flower_classifier.transforms import make_transform, normalize, stack_uint8, web_photo
    from flower_classifier.features import infer
    pp, classes = get_arch(arch).preprocess(), find_classes(Path(data, 'train'))
    body = create_model(arch, len(classes)).body.eval(); tf = make_transform(pp, as_uint8=True)
    split = lambda d, cls: list_images(d, cls)[0]
    def run(samples, web):
        torch.manual_seed(web)
        out = []
        for i in range(0, len(samples), 64):
            ims = [load_image(p) for p, _ in samples[i:i + 64]]
            x = normalize(stack_uint8([tf(web_photo(im) if web else im) for im in ims]), pp)
            with torch.no_grad(): out.append(infer(body, x).float())
        return torch.cat(out)
    tr, va, fk = split(Path(data, 'train'), classes), split(Path(data, 'valid'), classes), split(Path(field, 'known'), classes)
    tu = split(Path(field, 'unknown'), ['tulip'])
    lab = lambda s: torch.tensor([y for _, y in s])
    torch.save(dict(arch=arch, classes=classes, ytr=lab(tr), yva=lab(va), yfk=lab(fk), tr=run(tr, 0), va=run(va, 0), fk=run(fk, 0), tu=run(tu, 0),
                    va_web=run(va, 99), trv=[run(tr, v) for v in range(1, views + 1)]), out)

def heads(path):
    from flower_classifier.evaluate import fit_temperature, expected_calibration_error as ece, unsure_threshold
    R = torch.load(path); C = R['classes']; nc = len(C); i41, i49 = C.index('41'), C.index('49')
    def train(X, Y, norm=False, center=False, epochs=30, lr=3e-3, wd=0.):
        torch.manual_seed(0); mu = X.mean(0) if center else torch.zeros(X.shape[1])
        prep = lambda x: F.normalize(x - mu, dim=1) * 16 if norm else x - mu
        head = torch.nn.Linear(X.shape[1], nc); opt = torch.optim.AdamW(head.parameters(), lr=lr, weight_decay=wd); Xp = prep(X)
        for _ in range(epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), 64):
                b = perm[i:i + 64]; loss = F.cross_entropy(head(F.dropout(Xp[b], 0.2)), Y[b]); opt.zero_grad(); loss.backward(); opt.step()
        return lambda x: head(prep(x)).detach()
    def ncm(X, Y):
        mu = X.mean(0); P = F.normalize(torch.stack([F.normalize(X[Y == c] - mu, dim=1).mean(0) for c in range(nc)]), dim=1)
        return lambda x: 20 * F.normalize(x - mu, dim=1) @ P.T
    def knn(X, Y, k=10):
        mu = X.mean(0); Xn = F.normalize(X - mu, dim=1)
        def f(x):
            v, i = (F.normalize(x - mu, dim=1) @ Xn.T).topk(k, 1); o = torch.zeros(len(x), nc); o.scatter_add_(1, Y[i], (v * 20).exp()); return o.clamp(min=1e-9).log()
        return f
    def report(name, f):
        zv = f(R['va']).numpy(); yv = R['yva'].numpy(); t = fit_temperature(zv, yv)
        P = lambda k: torch.from_numpy(f(R[k]).numpy() / t).softmax(1)
        pv, pf, pt = P('va'), P('fk'), P('tu'); thr = unsure_threshold(pv.numpy(), 0.04); y = R['yfk']
        ok = (pf.argmax(1) == y) | ((y == i49) & (pf.argmax(1) == i41)); t5 = pf.topk(5, 1).indices
        ok5 = (t5 == y[:, None]).any(1) | ((y == i49)[:, None] & (t5 == i41)).any(1)
        print(f"{name:26s} valid {(pv.argmax(1) == R['yva']).float().mean():.3f}  valid-as-web {(f(R['va_web']).argmax(1) == R['yva']).float().mean():.3f}  "
              f"field {ok.float().mean():.3f}/{ok5.float().mean():.3f}  ECE valid {ece(pv.numpy(), yv):.3f} field {ece(pf.numpy(), np.where(ok, pf.argmax(1), -1)):.3f}  "
              f"unsure: tulips {(pt.max(1).values < thr).float().mean():.2f} field {(pf.max(1).values < thr).float().mean():.2f}", flush=True)
    X, Y = R['tr'], R['ytr']; Xa = torch.cat([X] + R['trv']); Ya = Y.repeat(1 + len(R['trv']))
    report('linear', train(X, Y)); report('centred L2 (cosine)', train(X, Y, norm=True, center=True))
    report('linear + web views', train(Xa, Ya, epochs=15)); report('cosine + web views', train(Xa, Ya, norm=True, center=True, epochs=15))
    report('linear + web, wd 0.5', train(Xa, Ya, epochs=15, wd=0.5)); report('nearest class mean', ncm(X, Y)); report('kNN (k=10) + web', knn(Xa, Ya))
    try:
        from flower_classifier.models import EfficientNetLite, _load_lite
        arch = R.get('arch', 'efficientnet_lite0')
        if not arch.startswith('efficientnet_lite'): raise ValueError(f'{arch}: no offline ImageNet classifier')
        m = EfficientNetLite(int(arch[-1])); _load_lite(int(arch[-1]))(m); W, b = m.classifier.weight.detach(), m.classifier.bias.detach()
        if W.shape[1] == X.shape[1]:
            lg = lambda x: x @ W.T + b; R2 = {k: lg(R[k]) if k in ('va', 'va_web', 'fk', 'tu') else R[k] for k in R}; R, Rs = R2, R
            report('on ImageNet logits + web', train(lg(Xa), Ya, epochs=15)); R = Rs
            cnt = lambda f: np.bincount(lg(f).argmax(1).numpy(), minlength=1000)
            print(f"ImageNet's own classifier names {cnt(R['fk'][R['yfk'] == C.index('49')])[985]} of {(R['yfk'] == C.index('49')).sum()} field daisies 'daisy'")
    except Exception as e: print('ImageNet logits: skipped', e)

def tta(ckpt, data, field):
    from flower_classifier.recipe import FlowerLearner
    from flower_classifier.data import list_images, load_image
    from flower_classifier.transforms import make_transform, normalize, stack_uint8
    from flower_classifier.features import infer
    L = FlowerLearner.load(ckpt, cbs=[]); C, pp = L.classes, L.pp; tf = make_transform(pp, as_uint8=True); i41, i49 = C.index('41'), C.index('49')
    fk, va = list_images(Path(field, 'known'), C)[0], list_images(Path(data, 'valid'), C)[0]
    def probs(S, f):
        out = []
        for i in range(0, len(S), 64):
            x = normalize(stack_uint8([tf(f(load_image(p))) for p, _ in S[i:i + 64]]), pp)
            with torch.no_grad(): out.append(infer(L.model.eval(), x).softmax(1))
        return torch.cat(out)
    def zoom(z):
        def f(im):
            w, h = im.size; cw, ch = int(w / z), int(h / z); return im.crop(((w - cw) // 2, (h - ch) // 2, (w - cw) // 2 + cw, (h - ch) // 2 + ch))
        return f
    def pad(z):
        def f(im):
            w, h = im.size; W = int(max(w, h) * z); c = Image.new('RGB', (W, W), tuple(int(v) for v in np.asarray(im).reshape(-1, 3).mean(0)))
            c.paste(im, ((W - w) // 2, (W - h) // 2)); return c
        return f
    yf, yv = torch.tensor([y for _, y in fk]), torch.tensor([y for _, y in va])
    acc = lambda p, y: ((p.argmax(1) == y) | ((y == i49) & (p.argmax(1) == i41))).float().mean().item()
    res = {n: (probs(fk, f), probs(va, f)) for n, f in [('as is', lambda im: im), ('flip', lambda im: im.transpose(Image.FLIP_LEFT_RIGHT)),
                                                        ('zoom 1.5x', zoom(1.5)), ('zoom 2x', zoom(2)), ('pad 1.5x', pad(1.5))]}
    for combo in [[k] for k in res] + [['as is', 'flip'], ['as is', 'zoom 1.5x'], ['as is', 'flip', 'zoom 1.5x', 'zoom 2x'], ['as is', 'pad 1.5x']]:
        pf, pv = (sum(res[k][i] for k in combo) / len(combo) for i in (0, 1))
        print(f"{' + '.join(combo):34s} field {acc(pf, yf):.3f}  valid {acc(pv, yv):.3f}")

if __name__ == '__main__':
    cmd, *a = sys.argv[1:] or ['-h']
    if cmd == 'detail': detail(*a)
    elif cmd == 'feats': feats(*a[:4], **({'views': int(a[a.index('--views') + 1])} if '--views' in a else {}))
    elif cmd == 'heads': heads(*a)
    elif cmd == 'tta': tta(*a)
    else: sys.exit(__doc__)
