# Every container must declare the listed probes, each using one of the allowed probe types.
# parameters: {"probes": ["readinessProbe", "livenessProbe"], "probeTypes": ["tcpSocket", "httpGet", "exec", "grpc"]}
package k8srequiredprobes

violation[{"msg": msg}] {
	container := input.review.object.spec.containers[_]
	probe := input.parameters.probes[_]
	probe_is_missing(container, probe)
	msg := get_violation_message(container, input.review, probe)
}

probe_is_missing(ctr, probe) = true {
	not ctr[probe]
}

probe_is_missing(ctr, probe) = true {
	probe_field_empty(ctr, probe)
}

probe_field_empty(ctr, probe) {
	probe_fields := {field | ctr[probe][field]}
	diff_fields := probe_type_set - probe_fields
	count(diff_fields) == count(probe_type_set)
}

probe_type_set = {t | t := input.parameters.probeTypes[_]}

get_violation_message(container, review, probe) = msg {
	msg := sprintf("Container <%v> in your <%v> <%v> has no <%v>", [container.name, review.kind.kind, review.object.metadata.name, probe])
}
