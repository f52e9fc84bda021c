# Services must not be exposed through NodePort (or LoadBalancer, unless the constraint allows it).
# parameters: {"allowLoadBalancer": bool}
package k8sblocknodeport

violation[{"msg": "User is not allowed to create service of type NodePort"}] {
	input.review.kind.kind == "Service"
	input.review.object.spec.type == "NodePort"
}

violation[{"msg": msg}] {
	input.review.kind.kind == "Service"
	input.review.object.spec.type == "LoadBalancer"
	not input.parameters.allowLoadBalancer
	msg := "User is not allowed to create service of type LoadBalancer"
}

# A ClusterIP service that still pins node ports is a NodePort in disguise.
violation[{"msg": msg}] {
	input.review.kind.kind == "Service"
	not input.review.object.spec.type == "NodePort"
	port := input.review.object.spec.ports[_]
	port.nodePort
	msg := sprintf("Service port %v must not set nodePort (%v)", [port.name, port.nodePort])
}
