"""Compatibility package for the seed's run line; the code lives in ``src/lightvibes``."""
