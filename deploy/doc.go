// Package deploy holds the container deployments of dsmarket: the files docker-compose.yml
// (in the module root, beside the Dockerfile) mounts from here, and the Kubernetes manifests
// in k8s/ (docs/deployment.md). It has no code. Its tests check the compose file with
// docker-compose, run the Temporal setup script against a real Temporal dev server and the
// schema script against a stand-in temporal-sql-tool, and validate every manifest by strict
// decoding into the Kubernetes API types, with this deployment's own rules on top.
package deploy
