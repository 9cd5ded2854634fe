"Report how well a checkpoint classifies labelled photos: python evaluate.py data_dir/test checkpoint [--category_names FILE] [--json] [--plot DIR]"
from flower_classifier.cli import evaluate_main

if __name__ == '__main__': evaluate_main()
