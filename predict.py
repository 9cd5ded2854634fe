"Name the flower in a photo: python predict.py image checkpoint [--top_k K] [--category_names FILE] (see --help)"
from flower_classifier.cli import predict_main

if __name__ == '__main__': predict_main()
