# Independent area witness: KLayout's own Gerber import reads each `.pcb` project file named in
# $projects (one path a line) and prints the merged dark area of its single layer in mm².
# Run by test/witness/measure.ts as: klayout -b -r klayout-areas.rb -rd projects=LIST
#
# Each project maps one Gerber file to layout layer 1/0 (free layer mapping); the importer
# settings (dbu, circle points) are in the project file itself so the run records them.

list = $projects or raise "pass -rd projects=FILE (one .pcb project path a line)"

File.readlines(list).map(&:strip).reject(&:empty?).each do |project|
  started = Time.now
  layout = RBA::Layout.new
  layout.read(project)
  top = layout.top_cell or raise "#{project}: the import made no cell"
  layer = layout.find_layer(1, 0)
  # a layer with no shapes at all is never created; its area is 0
  region = layer ? RBA::Region.new(top.begin_shapes_rec(layer)) : RBA::Region.new
  merged = region.merged
  # area is in dbu²; dbu is in µm, so dbu² µm² per unit, / 1e6 for mm²
  area_mm2 = merged.area * layout.dbu * layout.dbu / 1.0e6
  puts [project, format('%.9f', area_mm2), merged.count, layout.dbu,
        format('%.2f', Time.now - started)].join("\t")
  $stdout.flush
end
