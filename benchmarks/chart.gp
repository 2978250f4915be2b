# The growth chart of BENCHMARKS.adoc: gnuplot -e "dir='RESULTS_DIR'" chart.gp
# Reads growth-series.dat and growth-cardinality.dat written by LoadSuite; writes growth.png.
if (!exists("dir")) dir = "."
set terminal pngcairo size 1500,520 font "sans,11"
set output dir."/growth.png"
set multiplot layout 1,3 title "Scrape cost growth (text format, collect + encode, one thread)"
set grid
set key top left reverse Left
set logscale xy
set format x "%.0s%c"
set xrange [700:450000]

set title "Scrape time vs series (100 label values per family)"
set xlabel "series"
set ylabel "ms per scrape"
plot dir."/growth-series.dat" using 1:3 with linespoints lw 2 pt 7 title "client\\_java registry (MetricsHandler)", \
     ""                       using 1:7 with linespoints lw 2 pt 5 title "Micrometer PrometheusMeterRegistry"

set title "Memory vs series"
set ylabel "MB"
plot dir."/growth-series.dat" using 1:4 with linespoints lw 2 pt 7 title "client\\_java registry heap", \
     ""                       using 1:8 with linespoints lw 2 pt 5 title "Micrometer registry heap", \
     ""                       using 1:5 with linespoints lw 2 pt 9 dt 2 title "allocated per scrape (client\\_java)"

set title "Label cardinality: 100k series split into families"
set xrange [0.7:150000]
set key top right noreverse Right
set xlabel "label values per family (families = 100k / x)"
set ylabel "ms per scrape"
set y2label "MB"
unset logscale y
set yrange [0:*]
set y2range [0:*]
set ytics nomirror
set y2tics
plot dir."/growth-cardinality.dat" using 1:4 with linespoints lw 2 pt 7 axes x1y1 title "scrape time (ms, left)", \
     ""                            using 1:6 with linespoints lw 2 pt 9 dt 2 axes x1y2 title "allocated per scrape (MB, right)", \
     ""                            using 1:5 with linespoints lw 2 pt 5 dt 3 axes x1y2 title "registry heap (MB, right)"
unset multiplot
