__version__ = "0.1.0"

# The training API, imported on first use so that `import flower_classifier` stays light (no torch until it's needed)
__all__ = ['FlowerLearner', 'TrainConfig']
def __getattr__(name):
    if name in __all__:
        from flower_classifier import recipe
        return getattr(recipe, name)
    raise AttributeError(f"module 'flower_classifier' has no attribute {name!r}")
