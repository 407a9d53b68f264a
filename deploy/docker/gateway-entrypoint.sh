#!/bin/sh
# Seed an empty shared volume (/data: knowledge + index) from the image's copy, then run the command.
# Why: staff uploads change /data/knowledge and the re-index job writes /data/index; every gateway replica must
# read the same folders (the index version in the database tells the others to reopen it), so /data is one
# shared volume, and the first replica on a fresh volume fills it.
set -eu
[ -f /data/index/params.json ] || cp -r /opt/baiwen/seed/. /data/
exec "$@"
