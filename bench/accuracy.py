"""Top-1 accuracy of a checkpoint on a labelled folder (class subfolders), through the same cached-feature path train.py uses.

    python bench/accuracy.py ../shared/data/flowers/test checkpoints/checkpoint.pth
"""
import sys, torch
from flower_classifier.core import tune_malloc
from flower_classifier.data import list_images
from flower_classifier.checkpoint import load_checkpoint, model_from_checkpoint
from flower_classifier.features import cached_features, default_cache_dir

def main(folder, ckpt):
    tune_malloc()
    ck = load_checkpoint(ckpt); m = model_from_checkpoint(ck)
    classes = [ck['idx_to_class'][i] for i in range(ck['n_classes'])]
    samples, bad = list_images(folder, classes)
    r = cached_features(m.body, ck['arch'], samples, ck['preprocess'], 0, default_cache_dir())
    with torch.no_grad(): pred = m.head(r['feats']).argmax(1)
    acc = (pred == r['labels']).float().mean().item()
    print(f"{folder}: top-1 {acc:.2%} on {len(r['labels'])} images ({len(bad) + len(r['bad'])} unreadable)")
    return acc

if __name__ == '__main__': main(*sys.argv[1:3])
