#!/bin/sh
# The port community's private IPFS swarm, applied before every start of the daemon: the ipfs/kubo image runs
# /container-init.d/*.sh after `ipfs init` (first start only) and before `ipfs daemon`. With the swarm key (swarm.key,
# forced by LIBP2P_FORCE_PNET=1) only the community's nodes can connect at all; these settings make the node dial
# only them: its peers come from Peering.Peers (/peering.json), never from a bootstrap list, mDNS, the public DHT,
# delegated routers, relays or NAT traversal, and nothing it holds is announced or fetched over HTTP.
set -e

# No public network defaults (Kubo refuses AutoConf's public URL on a private network anyway).
ipfs config --json AutoConf.Enabled false
ipfs config --json Bootstrap '[]'
ipfs config --json DNS.Resolvers '{}'
ipfs config --json Routing.DelegatedRouters '[]'
ipfs config --json Ipns.DelegatedPublishers '[]'

# No discovery and no routing: the peers are the configured ones.
ipfs config Routing.Type none
ipfs config --json Discovery.MDNS.Enabled false
ipfs config --json HTTPRetrieval.Enabled false

# No relays, no NAT traversal, no public certificates.
ipfs config --json Swarm.RelayClient.Enabled false
ipfs config --json Swarm.RelayService.Enabled false
ipfs config --json Swarm.EnableHolePunching false
ipfs config --json Swarm.DisableNatPortMap true
ipfs config AutoNAT.ServiceMode disabled
ipfs config --json AutoTLS.Enabled false

# TCP only: a private network works over TCP, not over QUIC, WebTransport or WebRTC.
ipfs config --json Swarm.Transports.Network.TCP true
ipfs config --json Swarm.Transports.Network.Websocket false
ipfs config --json Swarm.Transports.Network.QUIC false
ipfs config --json Swarm.Transports.Network.WebTransport false
ipfs config --json Swarm.Transports.Network.WebRTCDirect false
ipfs config --json Swarm.Transports.Network.Relay false
ipfs config --json Addresses.Swarm '["/ip4/0.0.0.0/tcp/4001"]'

# The RPC API (admin access to the node) and the HTTP gateway on loopback only: the organization's own gateway, in
# the same network namespace, is the only client (IPFS_API_URL=http://127.0.0.1:5001).
ipfs config --json Addresses.API '["/ip4/127.0.0.1/tcp/5001"]'
ipfs config --json Addresses.Gateway '["/ip4/127.0.0.1/tcp/8080"]'

# The other organizations' Kubo nodes: kept connected, reconnected when they come back.
ipfs config --json Peering.Peers "$(cat /peering.json)"
