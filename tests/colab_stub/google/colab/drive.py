"""``google.colab.drive``: mounting creates the folder Colab would show (``MyDrive`` inside)."""

from __future__ import annotations

import os


def mount(mountpoint, force_remount=False, timeout_ms=120000, readonly=False):
    if " " in str(mountpoint):
        raise ValueError("Mountpoint must not contain a space.")
    os.makedirs(os.path.join(mountpoint, "MyDrive"), exist_ok=True)
    print(f"Mounted at {mountpoint}")


def flush_and_unmount(timeout_ms=86400000):
    print("All changes made in this colab session should now be visible in Drive.")
