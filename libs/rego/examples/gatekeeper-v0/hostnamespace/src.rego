# Pods must not share the host's PID, IPC or network namespace.
# parameters: {"allowHostNetwork": bool} lets a constraint permit hostNetwork only.
package k8spsphostnamespace

violation[{"msg": msg, "details": {"namespaces": shared}}] {
	shared := shared_namespaces(input.review.object.spec)
	count(shared) > 0
	msg := sprintf("Sharing the host namespace is not allowed: %v", [concat(", ", shared)])
}

shared_namespaces(spec) = {ns |
	ns := ["hostPID", "hostIPC", "hostNetwork"][_]
	shares(spec, ns)
}

# One definition per namespace, selected by the constant in the head.
shares(spec, "hostPID") {
	spec.hostPID
}

shares(spec, "hostIPC") {
	spec.hostIPC
}

shares(spec, "hostNetwork") {
	spec.hostNetwork
	not input.parameters.allowHostNetwork
}
