"""Cut the small sample data set that ships in the package from the full flowers set.

    python tools/make_sample.py ../shared/data/flowers flower_classifier/sample

Five visually distinct classes whose folder names sort differently as text and as numbers ('10' < '100' < '2' < '5' < '50'),
8 train / 3 valid / 2 test images each (the first files of each folder, sorted), shorter side 160 px, JPEG quality 85.
"""
import json, shutil, sys
from pathlib import Path
from PIL import Image

CLASSES = ['2', '5', '10', '50', '100']
COUNTS = dict(train=8, valid=3, test=2)

def main(src, dst):
    src, dst = Path(src), Path(dst)
    if dst.exists(): shutil.rmtree(dst)
    for split, n in COUNTS.items():
        for c in CLASSES:
            (dst/split/c).mkdir(parents=True)
            for f in sorted((src/split/c).glob('*.jpg'))[:n]:
                im = Image.open(f).convert('RGB')
                s = 160 / min(im.size)
                im.resize((round(im.size[0] * s), round(im.size[1] * s)), Image.BICUBIC).save(dst/split/c/f.name, quality=85)
    names = json.loads((src/'cat_to_name.json').read_text())
    (dst/'cat_to_name.json').write_text(json.dumps({c: names[c] for c in CLASSES}, indent=1) + '\n')

if __name__ == '__main__': main(*sys.argv[1:3])
