#!/bin/sh
# prod_exec.sh PIDFILE COMMAND…: write this process's pid to PIDFILE, then become COMMAND (exec keeps the pid).
# Why: supervisord keeps no pid files of its own; the production profile promises var/run/<name>.pid naming
# the very process an operator (or tests/faults) would signal, rewritten whenever supervisord restarts it.
pidfile=$1
shift
echo $$ > "$pidfile"
exec "$@"
