"""How the browser tests and the Lighthouse benchmark start Debian's Chromium."""

# Quiet and offline: no sandbox (CI runs as root), no GPU, and none of Chromium's own traffic
# (updates, sync, QUIC probes) to disturb timings or reach the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
