package k8spsphostnamespace

pod(spec) = {"review": {"object": {"kind": "Pod", "spec": spec}}, "parameters": {}}

test_plain_pod_allowed {
	count(violation) == 0 with input as pod({"containers": []})
}

test_host_pid_denied {
	violation == {{"msg": "Sharing the host namespace is not allowed: hostPID", "details": {"namespaces": {"hostPID"}}}} with input as pod({"hostPID": true})
}

test_false_flags_allowed {
	count(violation) == 0 with input as pod({"hostPID": false, "hostIPC": false, "hostNetwork": false})
}

test_several_namespaces_in_one_message {
	v := violation with input as pod({"hostPID": true, "hostIPC": true, "hostNetwork": true})
	count(v) == 1
	v[x]
	x.msg == "Sharing the host namespace is not allowed: hostIPC, hostNetwork, hostPID"
}

test_host_network_allowed_by_parameter {
	inp := {"review": {"object": {"spec": {"hostNetwork": true}}}, "parameters": {"allowHostNetwork": true}}
	count(violation) == 0 with input as inp
}

test_parameter_does_not_cover_pid {
	inp := {"review": {"object": {"spec": {"hostNetwork": true, "hostPID": true}}}, "parameters": {"allowHostNetwork": true}}
	v := violation with input as inp
	v[x]
	x.details.namespaces == {"hostPID"}
}
