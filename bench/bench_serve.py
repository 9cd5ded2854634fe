"""Load on the web server: N requests from C concurrent clients over loopback, a real photo each.

    python bench/bench_serve.py MODEL PHOTO_DIR [--requests 400] [--clients 8] [--timeout 300]

Starts `serve.py MODEL` on a free port, sends the photos of PHOTO_DIR (cycled) as multipart uploads to /api/predict, and reports
requests per second, p50/p95 latency, errors (non-200 answers or failed connections; must be 0) and the server's resident memory
before the load, after a warm-up of C requests and after the run (growth beyond noise would be a leak). Appends to bench/RESULTS.md."""
import argparse, http.client, json, socket, statistics, subprocess, sys, threading, time, uuid
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent

def rss_mb(pid):
    for l in open(f'/proc/{pid}/status'):
        if l.startswith('VmRSS:'): return int(l.split()[1]) / 1024

def body(photo):
    b = uuid.uuid4().hex
    data = (f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{photo.name}"\r\nContent-Type: image/jpeg\r\n\r\n').encode() + photo.read_bytes() + f'\r\n--{b}--\r\n'.encode()
    return data, f'multipart/form-data; boundary={b}'

def post(port, payload):
    data, ctype = payload
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    try:
        c.request('POST', '/api/predict', data, {'Content-Type': ctype}); r = c.getresponse(); txt = r.read()
        return r.status, json.loads(txt)
    finally: c.close()

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('model'); ap.add_argument('photos')
    ap.add_argument('--requests', type=int, default=400); ap.add_argument('--clients', type=int, default=8); ap.add_argument('--timeout', type=float, default=300)
    a = ap.parse_args()
    photos = sorted(p for p in Path(a.photos).rglob('*') if p.suffix.lower() in ('.jpg', '.jpeg', '.png'))[:200]
    payloads = [body(p) for p in photos]
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    srv = subprocess.Popen([sys.executable, str(ROOT/'serve.py'), a.model, '--port', str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        t0 = time.perf_counter()
        while True:
            try: http.client.HTTPConnection('127.0.0.1', port, timeout=1).request('GET', '/api/health'); break
            except OSError:
                if srv.poll() is not None or time.perf_counter() - t0 > 120: sys.exit(f"server did not start: {srv.stderr.read()}")
                time.sleep(0.1)
        start_s = time.perf_counter() - t0
        m0 = rss_mb(srv.pid)
        for i in range(a.clients): post(port, payloads[i % len(payloads)])        # warm-up
        m1 = rss_mb(srv.pid)
        lat, errors, lock, nxt, series = [], [], threading.Lock(), iter(range(a.requests)), []
        deadline = time.perf_counter() + a.timeout
        def client():
            while time.perf_counter() < deadline:
                with lock: i = next(nxt, None)
                if i is None: return
                t = time.perf_counter()
                try:
                    st, js = post(port, payloads[i % len(payloads)])
                    if st != 200 or not js.get('predictions'): errors.append(f'{st} {js}')
                except Exception as e: errors.append(repr(e))
                with lock:
                    lat.append(time.perf_counter() - t)
                    if len(lat) % max(1, a.requests // 8) == 0: series.append(round(rss_mb(srv.pid)))
        t1 = time.perf_counter(); th = [threading.Thread(target=client) for _ in range(a.clients)]
        for t in th: t.start()
        for t in th: t.join()
        wall = time.perf_counter() - t1; m2 = rss_mb(srv.pid)
        done = len(lat); q = statistics.quantiles(lat, n=20) if len(lat) > 1 else [0] * 19
        res = dict(model=Path(a.model).name, requests=done, asked=a.requests, clients=a.clients, wall=wall, rps=done / wall, p50=statistics.median(lat) * 1000,
                   p95=q[18] * 1000, errors=len(errors), first_error=errors[0] if errors else None, rss_start=m0, rss_warm=m1, rss_end=m2, start_s=start_s, rss_series=series)
    finally: srv.terminate(); srv.wait(10)
    print(json.dumps(res))
    line = (f"\n## {time.strftime('%Y-%m-%d %H:%M')} web server under load, `python bench/bench_serve.py {' '.join(sys.argv[1:])}`\n\n"
            f"| model | requests (clients) | req/s | p50 | p95 | errors | server RSS: started / warm / after | start-up |\n|---|---|---|---|---|---|---|---|\n"
            f"| {res['model']} | {done} of {a.requests} ({a.clients}) | {res['rps']:.1f} | {res['p50']:.0f} ms | {res['p95']:.0f} ms | {res['errors']} | "
            f"{m0:.0f} / {m1:.0f} / {m2:.0f} MB | {start_s:.1f} s |\n\nServer RSS every {max(1, a.requests // 8)} requests: {', '.join(map(str, series))} MB.\n")
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write(line)
    print(line)
    sys.exit(1 if errors or done < a.requests else 0)
