#!/bin/sh
# Plots the chosen boards of Debian's kicad-demos package into fixtures/kicad-demos/<board>/ with
# scripts/plot-kicad-demos.py (Gerber X2 + netlist attributes for F/B Cu, Mask, Paste and Edge.Cuts;
# metric Excellon PTH and NPTH). Run from anywhere: sh scripts/plot-kicad-demos.sh
# Needs: apt-get install kicad kicad-demos (KiCad 6; its pcbnew module is for Debian's /usr/bin/python3).
# DEMOS overrides where the demos are (default /usr/share/kicad/demos).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMOS=${DEMOS:-/usr/share/kicad/demos}
OUT="$ROOT/fixtures/kicad-demos"

# <board dir name in fixtures/kicad-demos>|<.kicad_pcb under $DEMOS>
BOARDS='video|video/video.kicad_pcb
kit-dev-coldfire-xilinx_5213|kit-dev-coldfire-xilinx_5213/kit-dev-coldfire-xilinx_5213.kicad_pcb
stickhub|stickhub/StickHub.kicad_pcb
sonde_xilinx|sonde xilinx/sonde xilinx.kicad_pcb
custom_pads_test|custom_pads_test/custom_pads_test.kicad_pcb'

echo "$BOARDS" | while IFS='|' read -r name pcb; do
  rm -f "$OUT/$name"/*.gbr "$OUT/$name"/*.drl
  /usr/bin/python3 "$ROOT/scripts/plot-kicad-demos.py" "$DEMOS/$pcb" "$OUT/$name" "$name"
done
