"""Colab-ready copies of notebooks and Markdown lessons, and launch badges, for MkDocs sites."""

__version__ = "0.2.0"
