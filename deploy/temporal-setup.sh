#!/bin/sh
# One-shot of docker-compose.yml (temporal-setup): waits for Temporal, then registers
# dsmarket's custom search attributes (workflows.SearchAttributeKeys) in the namespace.
# Idempotent: attributes that exist are left alone. Needs TEMPORAL_ADDRESS.
set -eu

NAMESPACE=${TEMPORAL_NAMESPACE:-default}
# name:type, kept equal to workflows.SearchAttributeKeys by deploy/compose_test.go.
ATTRIBUTES="DsCaseType:Keyword DsCaseStatus:Keyword DsServiceType:Keyword DsServiceId:Keyword DsProviderOrg:Keyword DsAgencyOrg:Keyword"

echo "waiting for Temporal at ${TEMPORAL_ADDRESS} (namespace ${NAMESPACE})"
tries=0
until temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; do
	tries=$((tries + 1))
	if [ "$tries" -ge 150 ]; then
		echo "Temporal at ${TEMPORAL_ADDRESS} is not ready after 5 minutes" >&2
		exit 1
	fi
	sleep 2
done

existing=$(temporal operator search-attribute list --namespace "$NAMESPACE")
for attr in $ATTRIBUTES; do
	name=${attr%%:*}
	type=${attr#*:}
	if printf '%s\n' "$existing" | grep -qw "$name"; then
		echo "search attribute $name exists"
	else
		temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type"
		echo "search attribute $name ($type) created"
	fi
done
