#!/bin/sh
# Removes from a production node_modules what the running server never loads: Next's compiler
# (SWC, used by `next build` only), the image optimiser's native libraries (no next/image here),
# source maps and TypeScript declarations. About a third of the dependencies' size.
set -eu
modules=${1:-node_modules}
rm -rf "$modules"/@next/swc-* "$modules"/@img "$modules"/sharp
find "$modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete
