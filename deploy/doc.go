// Package deploy holds the container deployment of dsmarket: docker-compose.yml (in the
// module root, beside the Dockerfile) and the files it mounts from here. It has no code;
// its tests check the compose file with docker-compose and run the Temporal setup script
// against a real Temporal dev server.
package deploy
