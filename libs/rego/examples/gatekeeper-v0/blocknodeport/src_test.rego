package k8sblocknodeport

svc(spec) = {"review": {"kind": {"kind": "Service"}, "object": {"spec": spec}}}

test_cluster_ip_allowed {
	count(violation) == 0 with input as svc({"type": "ClusterIP", "ports": [{"name": "http", "port": 80}]})
}

test_default_type_allowed {
	count(violation) == 0 with input as svc({"ports": [{"name": "http", "port": 80}]})
}

test_node_port_denied {
	violation == {{"msg": "User is not allowed to create service of type NodePort"}} with input as svc({"type": "NodePort", "ports": [{"name": "http", "port": 80, "nodePort": 30080}]})
}

test_load_balancer_denied_by_default {
	count(violation) == 1 with input as svc({"type": "LoadBalancer"})
}

test_load_balancer_allowed_by_parameter {
	inp := {"review": svc({"type": "LoadBalancer"}).review, "parameters": {"allowLoadBalancer": true}}
	count(violation) == 0 with input as inp
}

test_pinned_node_port_on_cluster_ip {
	violation == {{"msg": "Service port metrics must not set nodePort (30090)"}} with input as svc({"type": "ClusterIP", "ports": [{"name": "http", "port": 80}, {"name": "metrics", "port": 9090, "nodePort": 30090}]})
}

test_other_kinds_ignored {
	count(violation) == 0 with input as {"review": {"kind": {"kind": "Pod"}, "object": {"spec": {"type": "NodePort"}}}}
}
