"Serve a web page and a JSON API for a trained model: `python serve.py model.onnx` (or a checkpoint), then open http://127.0.0.1:8000/"
from flower_classifier.serve import serve_main
if __name__ == '__main__': serve_main()
