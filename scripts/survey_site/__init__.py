"""Generator for the companion site of "Large Language Model Alignment: A Survey"."""

__version__ = "0.1.0"
