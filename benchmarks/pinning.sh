# Sourced by benchmarks/run*: which CPUs the servers and their load generators get (taskset, from
# util-linux). Servers on the first half of the CPUs, wrk and the probes on the rest, so a load
# generator never takes CPU time from the server it measures; on 2 CPUs, CPU 0 and CPU 1.
# Sets: pin_props (JVM properties for the harness), server_pin (a command prefix for a JVM that
# hosts servers itself).
pin_props=()
server_pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  cpus=$(nproc)
  half=$((cpus / 2))
  range() { if [ "$1" = "$2" ]; then echo "$1"; else echo "$1-$2"; fi; }
  server_cpus=$(range 0 $((half - 1)))
  load_cpus=$(range "$half" $((cpus - 1)))
  pin_props=(-Dbench.serverCpus="$server_cpus" -Dbench.loadCpus="$load_cpus")
  server_pin=(taskset -c "$server_cpus")
  echo "pinning: servers on CPU $server_cpus, load generators on CPU $load_cpus"
else
  echo "warning: not pinned (needs taskset from util-linux and 2 CPUs): the figures will be noisier" >&2
fi
