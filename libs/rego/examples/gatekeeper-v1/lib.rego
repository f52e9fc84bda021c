# Helpers shared by the templates: where a workload keeps its pod spec, its containers,
# and the namespace's labels from the replicated inventory.
package lib.k8s

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

pod_spec(obj) := obj.spec if obj.kind == "Pod"

pod_spec(obj) := obj.spec.template.spec if obj.kind in workload_kinds

pod_spec(obj) := obj.spec.jobTemplate.spec.template.spec if obj.kind == "CronJob"

# Every container of the reviewed object, tagged with the list it came from.
containers contains {"kind": kind, "container": c} if {
	spec := pod_spec(input.review.object)
	some kind in ["containers", "initContainers", "ephemeralContainers"]
	some c in spec[kind]
}

is_update if input.review.operation == "UPDATE"

namespace_labels(ns) := labels if {
	labels := data.inventory.cluster.v1.Namespace[ns].metadata.labels
} else := {}

# A namespace opts out of a constraint with the label `policy.vigil.dev/exempt: "<constraint>"`.
exempt_namespace(constraint) if {
	labels := namespace_labels(input.review.object.metadata.namespace)
	constraint in split(labels["policy.vigil.dev/exempt"], ",")
}

get(obj, path, default_value) := object.get(obj, path, default_value)
