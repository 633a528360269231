// Several cti137 nodes: the PBX lease (one owner of the AMI and ARI links), the owner's address for
// what only the owner knows live, and signals between nodes.
export { Cluster, type ClusterOptions, type ClusterEvents } from './cluster.ts';
export { PbxLease, type LeaseHolder, type LeaseOptions } from './pbx-lease.ts';
