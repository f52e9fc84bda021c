package k8srequiredprobes

params := {"probes": ["readinessProbe", "livenessProbe"], "probeTypes": ["tcpSocket", "httpGet", "exec"]}

review(containers) = {
	"review": {"kind": {"kind": "Pod"}, "object": {"metadata": {"name": "web"}, "spec": {"containers": containers}}},
	"parameters": params,
}

http_probe := {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 5}

test_both_probes_present {
	count(violation) == 0 with input as review([{"name": "app", "readinessProbe": http_probe, "livenessProbe": {"tcpSocket": {"port": 8080}}}])
}

test_missing_liveness_probe {
	violation == {{"msg": "Container <app> in your <Pod> <web> has no <livenessProbe>"}} with input as review([{"name": "app", "readinessProbe": http_probe}])
}

test_no_probes_two_violations {
	count(violation) == 2 with input as review([{"name": "app"}])
}

test_probe_without_allowed_type {
	# A probe with only timing fields does not check anything.
	v := violation with input as review([{"name": "app", "readinessProbe": {"periodSeconds": 5}, "livenessProbe": http_probe}])
	v == {{"msg": "Container <app> in your <Pod> <web> has no <readinessProbe>"}}
}

test_probe_type_not_in_parameters {
	v := violation with input as review([{"name": "app", "readinessProbe": {"grpc": {"port": 9000}}, "livenessProbe": http_probe}])
	count(v) == 1
}

test_each_container_checked {
	v := violation with input as review([
		{"name": "app", "readinessProbe": http_probe, "livenessProbe": http_probe},
		{"name": "sidecar"},
	])
	v == {
		{"msg": "Container <sidecar> in your <Pod> <web> has no <livenessProbe>"},
		{"msg": "Container <sidecar> in your <Pod> <web> has no <readinessProbe>"},
	}
}

test_only_listed_probes_required {
	inp := {"review": {"kind": {"kind": "Pod"}, "object": {"metadata": {"name": "w"}, "spec": {"containers": [{"name": "a", "livenessProbe": http_probe}]}}}, "parameters": {"probes": ["livenessProbe"], "probeTypes": ["httpGet"]}}
	count(violation) == 0 with input as inp
}
