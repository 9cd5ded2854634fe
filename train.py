"Train a flower classifier: python train.py data_dir [--save_dir DIR] [--arch NAME] ... (see --help)"
from flower_classifier.cli import train_main

if __name__ == '__main__': train_main()
