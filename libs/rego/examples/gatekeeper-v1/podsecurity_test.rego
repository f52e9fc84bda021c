package k8spodsecurity_test

import rego.v1

import data.k8spodsecurity

good_ctx := {
	"runAsNonRoot": true,
	"capabilities": {"drop": ["ALL"]},
	"seccompProfile": {"type": "RuntimeDefault"},
}

pod(containers, volumes) := {"review": {"object": {"kind": "Pod", "spec": {"containers": containers, "volumes": volumes}}}}

test_compliant_pod if {
	k8spodsecurity.compliant with input as pod([{"name": "app", "securityContext": good_ctx}], [{"name": "cfg", "configMap": {"name": "cfg"}}])
}

test_bare_container_has_three_problems if {
	p := k8spodsecurity.problems with input as pod([{"name": "app"}], [])
	p == {"app": {"must set runAsNonRoot", "must drop ALL capabilities", "must use a RuntimeDefault or Localhost seccomp profile"}}
}

test_pod_level_settings_apply_to_containers if {
	inp := {"review": {"object": {"kind": "Pod", "spec": {
		"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "Localhost"}},
		"containers": [{"name": "app", "securityContext": {"capabilities": {"drop": ["ALL"]}}}],
	}}}}
	k8spodsecurity.compliant with input as inp
}

test_root_uid_and_extra_capability if {
	ctx := object.union(good_ctx, {"runAsUser": 0, "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "SYS_PTRACE"]}})
	p := k8spodsecurity.problems.app with input as pod([{"name": "app", "securityContext": ctx}], [])
	p == {"must not run as UID 0", "may only add NET_BIND_SERVICE, not SYS_PTRACE"}
}

test_problems_per_container if {
	p := k8spodsecurity.problems with input as pod([
		{"name": "ok", "securityContext": good_ctx},
		{"name": "bad", "securityContext": object.remove(good_ctx, ["seccompProfile"])},
	], [])
	p == {"bad": {"must use a RuntimeDefault or Localhost seccomp profile"}}
}

test_violation_messages if {
	v := k8spodsecurity.violation with input as pod([{"name": "app", "securityContext": object.remove(good_ctx, ["runAsNonRoot"])}], [{"name": "host", "hostPath": {"path": "/"}}])
	v == {{"msg": "container app must set runAsNonRoot"}, {"msg": "volume host uses a disallowed type hostPath"}}
}

test_volume_types_from_parameters if {
	inp := object.union(pod([{"name": "app", "securityContext": good_ctx}], [{"name": "data", "persistentVolumeClaim": {"claimName": "d"}}]), {"parameters": {"allowedVolumeTypes": ["configMap"]}})
	k8spodsecurity.volume_problems == {"volume data uses a disallowed type persistentVolumeClaim"} with input as inp
}

test_default_volume_types if {
	"secret" in k8spodsecurity.allowed_volume_types with input as {}
	not "hostPath" in k8spodsecurity.allowed_volume_types with input as {}
}

test_workloads_checked_too if {
	inp := {"review": {"object": {"kind": "StatefulSet", "spec": {"template": {"spec": {"containers": [{"name": "db", "securityContext": good_ctx}, {"name": "exporter"}]}}}}}}
	not k8spodsecurity.compliant with input as inp
	object.keys(k8spodsecurity.problems) == {"exporter"} with input as inp
}
