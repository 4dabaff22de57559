#!/usr/bin/env bash
echo "The local host (functions/Complaints.LocalHost) is not built yet." >&2
exit 1
