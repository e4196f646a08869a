#!/bin/sh
# Regenerates docs/screenshots/*.png from the dev build, without a display (xvfb).
# Usage: docs/screenshots.sh [BUILD_DIR]   (default: build/dev)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/dev}
app="$build/app/racescope"
out=docs/screenshots
[ -x "$app" ] || { echo "screenshots.sh: $app not built (cmake --build $build --target racescope)" >&2; exit 2; }
mkdir -p "$out"

# The 2009 oops: the seed scenario with early-free, run until fsnotify+0x93 faults.
xvfb-run -a "$app" --scenario seed --fault early-free --run-to-oops --screenshot "$out/oops.png"
# The same machine without the fault, mid-run: grace periods doing their job.
xvfb-run -a "$app" --scenario seed --after-steps 600 --screenshot "$out/no-fault.png"
# The window a new user sees first: the start panel over the seed scenario at step 0.
xvfb-run -a "$app" --screenshot "$out/start.png"
# The oops on a 1280x720 projector or laptop screen: the same picture, smaller.
xvfb-run -a -s "-screen 0 1280x720x24" "$app" --scenario seed --fault early-free --run-to-oops \
    -qwindowgeometry 1280x720 --screenshot "$out/oops-1280x720.png"
