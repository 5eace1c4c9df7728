"""Reading and writing other formats: the ACLED importer, the DuckDB path for event files beyond
memory, GraphML exports, synthetic data for benchmarks."""

from .errors import EventFileError

__all__ = ["EventFileError"]
