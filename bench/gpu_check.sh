#!/usr/bin/env bash
# The --gpu paths on a CUDA machine, in one short run (for the device tool: `bash bench/gpu_check.sh`).
# Trains on the built-in sample with --gpu (cached front maps, last-stage fine-tuning on them, then fine-tuning on images), predicts and evaluates with --gpu,
# then loads the GPU-trained checkpoint on the CPU with weights_only=True and checks it predicts the same classes; then torchrun on the GPU(s).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || { python3 -m venv .venv && .venv/bin/pip install -q torch==2.14.1 torchvision==0.29.1 && .venv/bin/pip install -q -e . ; PY=.venv/bin/python; }
OUT=${OUT:-/tmp/gpu_check}; mkdir -p "$OUT"; export FLOWER_CACHE_DIR="$OUT/cache"
S=flower_classifier/sample
$PY -c "import torch; assert torch.cuda.is_available(), 'no CUDA here'; print(torch.cuda.get_device_name(0))"
$PY train.py $S --save_dir "$OUT/run" --epochs 5 --gpu --unfreeze 2 --finetune_epochs 1 --test
$PY train.py $S --save_dir "$OUT/nocache" --epochs 1 --gpu cuda --no_cache
$PY predict.py $S/test "$OUT/run/best.pth" --gpu --top_k 3 --output "$OUT/gpu.json"
CUDA_VISIBLE_DEVICES= $PY predict.py $S/test "$OUT/run/best.pth" --top_k 3 --output "$OUT/cpu.json"
$PY evaluate.py $S/test "$OUT/run/best.pth" --gpu --json > "$OUT/eval.json"
$PY - "$OUT" <<'PY'
import json, sys, torch
out = sys.argv[1]
ck = torch.load(f'{out}/run/best.pth', weights_only=True, map_location='cpu')
assert all(v.device.type == 'cpu' for v in ck['model_state'].values())
g, c = (json.load(open(f'{out}/{n}.json')) for n in ('gpu', 'cpu'))
same = sum(a['predictions'][0]['cls'] == b['predictions'][0]['cls'] for a, b in zip(g, c))
print(f"GPU vs CPU top-1 agree on {same}/{len(g)} photos; eval top-1 {json.load(open(f'{out}/eval.json'))['top1']:.2%}")
assert same >= len(g) - 1
PY
$PY - "$OUT" <<'PY'
# the library object on the GPU: fit in process, predict, save, then load on the CPU
import sys, torch
from flower_classifier import FlowerLearner, TrainConfig
learn = FlowerLearner.from_folder('flower_classifier/sample', TrainConfig(epochs=3), device='cuda', cbs=[])
assert learn.device.type == 'cuda'; learn.fit()
img = 'flower_classifier/sample/test/10/image_07103.jpg'
p = learn.save(f'{sys.argv[1]}/lib.pth'); cpu = FlowerLearner.load(p, cbs=[])
print('library on CUDA:', learn.predict(img, 1), '| loaded on the CPU:', cpu.predict(img, 1))
assert learn.predict(img, 1)[0][0] == cpu.predict(img, 1)[0][0]
PY
# torchrun: 2 processes with NCCL when there are 2 GPUs (each rank on its LOCAL_RANK's GPU); with one GPU, a 1-process torchrun
# with --gpu (the process-group path on CUDA) and a 2-process gloo run on the CPU
NG=$($PY -c "import torch; print(torch.cuda.device_count())")
if [ "$NG" -ge 2 ]; then
  $PY -m torch.distributed.run --standalone --nproc_per_node 2 train.py $S --save_dir "$OUT/ddp" --epochs 3 --gpu --unfreeze 2 --finetune_epochs 1
else
  $PY -m torch.distributed.run --standalone --nproc_per_node 1 train.py $S --save_dir "$OUT/ddp" --epochs 3 --gpu --unfreeze 2 --finetune_epochs 1
  CUDA_VISIBLE_DEVICES= $PY -m torch.distributed.run --standalone --nproc_per_node 2 train.py $S --save_dir "$OUT/ddp_cpu" --epochs 3
fi
$PY -c "import torch; ck = torch.load('$OUT/ddp/best.pth', weights_only=True, map_location='cpu'); print('torchrun on CUDA: world size', ck['train_args']['world_size'], 'best valid', max(h['valid_acc'] for h in ck['history']))"
echo "gpu check passed"
