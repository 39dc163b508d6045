"""selfeval: project performance self-evaluation forms into typed Parquet tables."""

__version__ = "0.1.0"
