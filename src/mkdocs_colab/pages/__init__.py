"""Lighter, accessible notebook pages: the core of the ``colab/pages`` plugin (no MkDocs here)."""
