#!/bin/sh
# One-shot of docker-compose.yml (temporal-setup) and of the Kubernetes Job in
# deploy/k8s/temporal-setup-job.yaml, run in temporalio/admin-tools: waits for Temporal,
# creates the namespace unless it exists, then registers dsmarket's custom search attributes
# (flow.SearchAttributeKeys) in it.
# Idempotent: a namespace or attribute that exists is left alone. Needs TEMPORAL_ADDRESS; the
# temporal CLI also reads TEMPORAL_API_KEY and TEMPORAL_TLS_* from the environment.
set -eu

NAMESPACE=${TEMPORAL_NAMESPACE:-default}
# How long Temporal keeps a closed workflow's history; only for a namespace made here.
RETENTION=${TEMPORAL_NAMESPACE_RETENTION:-30d}
# name:type, kept equal to flow.SearchAttributeKeys by deploy/compose_test.go.
ATTRIBUTES="DsCaseType:Keyword DsCaseStatus:Keyword DsServiceType:Keyword DsServiceId:Keyword DsProviderOrg:Keyword DsAgencyOrg:Keyword"

# retry runs its command until it succeeds, every 2 s for up to 5 minutes: the server may
# still be starting, and a namespace just created reaches every frontend's cache only after
# a few seconds.
retry() {
	tries=0
	until "$@"; do
		tries=$((tries + 1))
		if [ "$tries" -ge 150 ]; then
			echo "Temporal at ${TEMPORAL_ADDRESS}: '$*' failed for 5 minutes" >&2
			return 1
		fi
		sleep 2
	done
}

healthy() {
	temporal operator cluster health >/dev/null 2>&1
}
echo "waiting for Temporal at ${TEMPORAL_ADDRESS} (namespace ${NAMESPACE})"
retry healthy

namespace_exists() {
	temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1
}
create_namespace() {
	temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" || namespace_exists
}
if namespace_exists; then
	echo "namespace $NAMESPACE exists"
else
	retry create_namespace
	echo "namespace $NAMESPACE (retention $RETENTION) created"
fi

list_attributes() {
	existing=$(temporal operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null)
}
# create_attribute also succeeds when an earlier try created it but its answer was lost.
create_attribute() {
	temporal operator search-attribute create --namespace "$NAMESPACE" --name "$1" --type "$2" ||
		{ list_attributes && printf '%s\n' "$existing" | grep -qw "$1"; }
}
retry list_attributes
for attr in $ATTRIBUTES; do
	name=${attr%%:*}
	type=${attr#*:}
	if printf '%s\n' "$existing" | grep -qw "$name"; then
		echo "search attribute $name exists"
	else
		retry create_attribute "$name" "$type"
		echo "search attribute $name ($type) created"
	fi
done
