package k8spspprivileged

safe_ctx := {"privileged": false, "allowPrivilegeEscalation": false}

pod(containers) = {"review": {"object": {"spec": {"containers": containers}}}, "parameters": {"exemptImages": ["registry.corp.example/debug/*", "busybox:1.36"]}}

test_safe_container_allowed {
	count(violation) == 0 with input as pod([{"name": "app", "image": "app", "securityContext": safe_ctx}])
}

test_privileged_denied_with_context_in_message {
	v := violation with input as pod([{"name": "app", "image": "app", "securityContext": {"privileged": true, "allowPrivilegeEscalation": false}}])
	v == {{"msg": "Privileged container is not allowed: app, securityContext: {\"allowPrivilegeEscalation\": false, \"privileged\": true}", "details": {}}}
}

test_missing_security_context_means_escalation {
	v := violation with input as pod([{"name": "app", "image": "app"}])
	v == {{"msg": "Privilege escalation container is not allowed: app", "details": {}}}
}

test_missing_escalation_field_means_escalation {
	count(violation) == 1 with input as pod([{"name": "app", "image": "app", "securityContext": {"runAsNonRoot": true}}])
}

test_explicit_escalation_denied {
	count(violation) == 1 with input as pod([{"name": "app", "image": "app", "securityContext": {"allowPrivilegeEscalation": true}}])
}

test_privileged_and_escalating_gives_two_violations {
	count(violation) == 2 with input as pod([{"name": "app", "image": "app", "securityContext": {"privileged": true}}])
}

test_prefix_exemption {
	count(violation) == 0 with input as pod([{"name": "dbg", "image": "registry.corp.example/debug/shell:2", "securityContext": {"privileged": true}}])
}

test_exact_exemption_only_matches_exactly {
	count(violation) == 0 with input as pod([{"name": "bb", "image": "busybox:1.36"}])
	count(violation) == 1 with input as pod([{"name": "bb", "image": "busybox:1.37"}])
}

test_init_containers_checked {
	inp := {"review": {"object": {"spec": {"containers": [], "initContainers": [{"name": "init", "image": "x", "securityContext": {"privileged": true, "allowPrivilegeEscalation": false}}]}}}}
	count(violation) == 1 with input as inp
}
