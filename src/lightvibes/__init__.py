"""LIGHTVIBES: quantum-safe key delivery with QKD keys, ML-KEM-768 fallback and an evidence log."""

__version__ = "0.1.0"

__all__ = ["__version__"]
