"""Post-quantum key establishment (ML-KEM-768) between the two ends of a link."""

from lightvibes.pqc._mlkem import MAX_KEY_BITS, MlKemInitiator, MlKemResponder, PqcKeySource

__all__ = ["MAX_KEY_BITS", "MlKemInitiator", "MlKemResponder", "PqcKeySource"]
