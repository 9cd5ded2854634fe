# The two commands of the README: `make demo` (train on the built-in sample, then predict) and `make test`; `make lab` opens the notebooks.
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE := flower_classifier/sample

.PHONY: demo serve test export lab chromium

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.14.1 torchvision==0.29.1
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(PY) train.py $(SAMPLE) --save_dir runs/demo --epochs 10 --plot runs/demo/curves.png
	$(PY) predict.py $(SAMPLE)/test/10/image_07103.jpg runs/demo/checkpoint.pth --top_k 3 --category_names $(SAMPLE)/cat_to_name.json --plot runs/demo/prediction.png
	@echo "Try it in a browser: make serve, then open http://127.0.0.1:8000/ and pick a photo"

runs/demo/checkpoint.pth: $(VENV)/.installed
	$(PY) train.py $(SAMPLE) --save_dir runs/demo --epochs 10

# The web page with the demo model: open http://127.0.0.1:8000/ (HOST=0.0.0.0 to reach it from a phone on the same network)
HOST ?= 127.0.0.1
serve: runs/demo/checkpoint.pth
	$(PY) serve.py runs/demo/checkpoint.pth --host $(HOST)

# The browser test drives Debian's Chromium (never `playwright install`: no download of browser builds here)
chromium:
	@command -v chromium >/dev/null || apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null 2>&1) \
	  || echo "note: could not install Chromium (apt-get install -y chromium, as root): the browser test in 12_serve will fail" 

test: $(VENV)/.installed chromium
	$(PY) tools/run_tests.py

lab: $(VENV)/.installed
	$(VENV)/bin/jupyter lab nbs/index.ipynb

export: $(VENV)/.installed
	$(VENV)/bin/nbdev-export
