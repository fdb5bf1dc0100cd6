"""A stand-in for Colab's ``google.colab`` package, for running Colab copies in tests.

It implements just the calls the lessons make, with Colab's signatures, so a copy that runs
here reaches the same lines it would in Colab. It is on the kernel's path only in tests.
"""
