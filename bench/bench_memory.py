"""Memory under hostile images: peak RSS of predict.py and of the web server on photos built to blow memory up.

    python bench/bench_memory.py CHECKPOINT [--root OTHER_CHECKOUT] [--label NAME]

Makes the images in a temporary folder: thin strips (20000 x 20 and 40000 x 10 PNG, ~1 KB each), a 48-megapixel JPEG
(8000 x 6000) and a 100-megapixel flat PNG (a few hundred KB). Then, each in a fresh process of the code at `--root`
(default: this checkout):
1. `predict.py IMAGE CHECKPOINT` on an ordinary photo and on each hostile image: the child's peak RSS (wait4);
2. `serve.py CHECKPOINT`: 8 concurrent uploads of the 48 MP JPEG, then of the strips, then of the 100 MP PNG (with
   `--max_mb 64`): the server's peak RSS (VmHWM) after each wave, and the status codes it answered.
Appends a table to bench/RESULTS.md (of this checkout)."""
import argparse, http.client, os, socket, subprocess, sys, tempfile, threading, time, uuid
from pathlib import Path
HERE = Path(__file__).resolve().parent.parent

def make_images(d:Path):
    from PIL import Image
    import numpy as np
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (20, 20000, 3), dtype=np.uint8)).save(d/'strip_20000x20.png')
    Image.fromarray(rng.integers(0, 255, (40000, 10, 3), dtype=np.uint8)).save(d/'strip_10x40000.png')
    small = Image.fromarray(rng.integers(0, 255, (600, 800, 3), dtype=np.uint8)).resize((8000, 6000), Image.BILINEAR)
    small.save(d/'photo_48mp.jpg', quality=85)
    Image.new('RGB', (10000, 10000), (90, 140, 60)).save(d/'flat_100mp.png')
    Image.fromarray(rng.integers(0, 255, (256, 340, 3), dtype=np.uint8)).save(d/'ordinary.jpg')
    return {p.name: p for p in sorted(d.iterdir())}

def peak_predict(root, img, ck):
    p = subprocess.Popen([sys.executable, str(root/'predict.py'), str(img), str(ck), '--top_k', '1'], cwd=root,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, 'PYTHONPATH': str(root)})
    _, status, ru = os.wait4(p.pid, 0)
    return ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), p.stderr.read().decode()[-200:].strip()

def hwm_mb(pid):
    for l in open(f'/proc/{pid}/status'):
        if l.startswith('VmHWM:'): return int(l.split()[1]) / 1024

def upload(port, path):
    b = uuid.uuid4().hex
    data = (f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n').encode() + path.read_bytes() + f'\r\n--{b}--\r\n'.encode()
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=300)
    try: c.request('POST', '/api/predict', data, {'Content-Type': f'multipart/form-data; boundary={b}'}); r = c.getresponse(); r.read(); return r.status
    except Exception as e: return type(e).__name__
    finally: c.close()

def serve_waves(root, ck, imgs, n=8):
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    srv = subprocess.Popen([sys.executable, str(root/'serve.py'), str(ck), '--port', str(port), '--max_mb', '64'], cwd=root,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, 'PYTHONPATH': str(root)})
    try:
        for _ in range(600):
            try: c = http.client.HTTPConnection('127.0.0.1', port, timeout=1); c.request('GET', '/api/health'); c.getresponse().read(); break
            except OSError: time.sleep(0.1)
        rows = [('started', hwm_mb(srv.pid), '')]
        for name in ('photo_48mp.jpg', 'strip_20000x20.png', 'flat_100mp.png'):
            codes = [None] * n
            def go(i): codes[i] = upload(port, imgs[name])
            ts = [threading.Thread(target=go, args=(i,)) for i in range(n)]
            for t in ts: t.start()
            for t in ts: t.join()
            rows.append((f'{n} x {name}', hwm_mb(srv.pid), ', '.join(f'{c} x{codes.count(c)}' for c in sorted(set(codes), key=str))))
        return rows
    finally: srv.terminate(); srv.wait(30)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('checkpoint'); ap.add_argument('--root', default=str(HERE)); ap.add_argument('--label', default='')
    a = ap.parse_args(); root = Path(a.root).resolve(); ck = Path(a.checkpoint).resolve()
    with tempfile.TemporaryDirectory() as d:
        imgs = make_images(Path(d))
        pred = [(name, *peak_predict(root, imgs[name], ck)) for name in ('ordinary.jpg', 'strip_20000x20.png', 'strip_10x40000.png', 'photo_48mp.jpg', 'flat_100mp.png')]
        srv = serve_waves(root, ck, imgs)
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M')} memory under hostile images{(' (' + a.label + ')') if a.label else ''}, `python bench/bench_memory.py {a.checkpoint}" + (f" --root {a.root}" if a.root != str(HERE) else '') + "`\n",
             "| predict.py on | peak RSS | exit | last line of stderr |", "|---|---|---|---|"]
    lines += [f"| {n} | {m:.0f} MB | {rc} | {err.splitlines()[-1] if err else ''} |" for n, m, rc, err in pred]
    lines += ["", "| serve.py, 8 concurrent uploads of | server peak RSS so far | answers |", "|---|---|---|"]
    lines += [f"| {w} | {m:.0f} MB | {codes} |" for w, m, codes in srv]
    txt = '\n'.join(lines) + '\n'
    print(txt)
    with open(HERE/'bench'/'RESULTS.md', 'a') as f: f.write(txt)
