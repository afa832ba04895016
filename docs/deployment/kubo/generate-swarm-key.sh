#!/bin/sh
# Prints a new swarm key for the port community's private IPFS network (32 random bytes, the format Kubo reads from
# swarm.key). Made once, by one organization, and handed to the others over a channel they trust, as a secret:
#   sh kubo/generate-swarm-key.sh > secrets/swarm.key
set -e
printf '/key/swarm/psk/1.0.0/\n/base16/\n%s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
