"Export a trained model to ONNX: python export.py checkpoint.pth [--output model.onnx] [--quantize int8] (see --help)"
from flower_classifier.cli import export_main

if __name__ == '__main__': export_main()
