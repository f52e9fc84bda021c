package kubernetes.admission

pod(containers) = {
	"request": {
		"kind": {"kind": "Pod"},
		"object": {"spec": {"containers": containers}},
	},
}

test_trusted_image_allowed {
	allowed with input as pod([{"name": "app", "image": "registry.corp.example/app:1.4.2"}])
}

test_untrusted_image_denied {
	deny["container app uses image docker.io/evil:1.0 from an untrusted registry"] with input as pod([{"name": "app", "image": "docker.io/evil:1.0"}])
}

test_privileged_denied {
	msgs := deny with input as pod([{"name": "app", "image": "gcr.io/corp-app:2", "securityContext": {"privileged": true}}])
	msgs == {"container app must not run privileged"}
}

test_latest_tag_denied {
	count(deny) == 1 with input as pod([{"name": "web", "image": "registry.corp.example/web:latest"}])
}

test_init_containers_checked {
	not allowed with input as {"request": {"kind": {"kind": "Pod"}, "object": {"spec": {
		"containers": [{"name": "app", "image": "registry.corp.example/app:1"}],
		"initContainers": [{"name": "setup", "image": "quay.io/x:1"}],
	}}}}
}

test_non_pod_ignored {
	allowed with input as {"request": {"kind": {"kind": "ConfigMap"}, "object": {}}}
}
