"""Large phone photos: milliseconds to read one for the model (decode at reduced size where the format allows, EXIF orientation,
resize), for a 12 MP and a 48 MP JPEG and a 12 MP HEIC; and the peak memory of predict.py on a folder of 50 such photos.
Appends to bench/RESULTS.md.

    python bench/bench_phone_photos.py [--reps 5]

The photos are a sample flower photo upscaled to the phone sizes (real content, so the codecs do real work), written once to a
temporary folder; JPEGs at quality 90, HEIC through pillow-heif's encoder.
"""
import os, sys, time, statistics, subprocess, tempfile, shutil
from pathlib import Path
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT/'flower_classifier'/'sample'

def make(src, size, path):
    Image.open(src).convert('RGB').resize(size, Image.BICUBIC).save(path, quality=90)
    return path

def read_ms(path, reps):
    "Median ms of `load_pixels` + the evaluation transform (what predict does per photo before the network)"
    from flower_classifier.data import load_pixels
    from flower_classifier.transforms import make_transform
    pp = dict(input_size=224, resize_size=256, mean=[0.5] * 3, std=[0.5] * 3, interpolation='bicubic')
    tfm = make_transform(pp, as_uint8=True)
    ts = []
    for _ in range(reps + 1):
        t = time.perf_counter(); tfm(load_pixels(path, pp['resize_size'])); ts.append(time.perf_counter() - t)
    return statistics.median(ts[1:]) * 1e3

def main(reps=5):
    from flower_classifier.data import _heif_opener
    assert _heif_opener(), 'pillow-heif is needed for the HEIC row'
    tmp = Path(tempfile.mkdtemp()); src = sorted((SAMPLE/'test'/'10').glob('*.jpg'))[0]
    env = {**os.environ, 'FLOWER_CACHE_DIR': str(tmp/'cache')}
    photos = {'12 MP JPEG (4000x3000)': make(src, (4000, 3000), tmp/'p12.jpg'), '48 MP JPEG (8000x6000)': make(src, (8000, 6000), tmp/'p48.jpg'),
              '12 MP HEIC (4032x3024)': make(src, (4032, 3024), tmp/'p12.heic')}
    rows = [f"| {k} | {p.stat().st_size / 1e6:.1f} MB | {read_ms(p, reps):.0f} ms |" for k, p in photos.items()]
    folder = tmp/'folder'; folder.mkdir()
    for i in range(50): shutil.copy(list(photos.values())[i % 3], folder/f'{i:02d}{list(photos.values())[i % 3].suffix}')
    subprocess.run([sys.executable, 'train.py', SAMPLE, '--save_dir', tmp/'run', '--epochs', '2'], cwd=ROOT, env=env, check=True, capture_output=True)
    with tempfile.TemporaryFile('w+') as fo:
        t = time.perf_counter()
        p = subprocess.Popen([sys.executable, 'predict.py', folder, tmp/'run'/'checkpoint.pth', '--output', tmp/'preds.csv'], cwd=ROOT, env=env, stdout=fo, stderr=fo)
        _, status, ru = os.wait4(p.pid, 0); wall = time.perf_counter() - t
        assert os.waitstatus_to_exitcode(status) == 0
    txt = '\n'.join([f"\n## {time.strftime('%Y-%m-%d %H:%M')} large phone photos, `python bench/bench_phone_photos.py {' '.join(sys.argv[1:])}`", '',
                     '| photo | file | read for the model (median of %d) |' % reps, '|---|---|---|', *rows, '',
                     f"- predict.py on a folder of 50 of them (17 x 12 MP JPEG, 17 x 48 MP JPEG, 16 x 12 MP HEIC): {wall:.1f} s, "
                     f"peak RSS {ru.ru_maxrss / 1024:.0f} MB", ''])
    print(txt)
    with open(ROOT/'bench'/'RESULTS.md', 'a') as f: f.write(txt)
    shutil.rmtree(tmp)

if __name__ == '__main__':
    main(int(sys.argv[sys.argv.index('--reps') + 1]) if '--reps' in sys.argv else 5)
