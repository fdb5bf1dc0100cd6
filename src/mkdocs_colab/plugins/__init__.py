"""The MkDocs adapters, one per product: ``colab``, ``colab/pages`` and ``colab/policy``."""
