"""Reading and writing other formats: the ACLED importer, GraphML exports, synthetic data for
benchmarks."""
