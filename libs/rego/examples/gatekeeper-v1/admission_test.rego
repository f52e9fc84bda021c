package system_test

import rego.v1

import data.system

good_ctx := {"runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}

request(labels, image) := {"request": {
	"uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
	"operation": "CREATE",
	"kind": {"group": "", "version": "v1", "kind": "Pod"},
	"object": {"kind": "Pod", "metadata": {"name": "api", "namespace": "prod", "labels": labels}, "spec": {"containers": [{"name": "api", "image": image, "securityContext": good_ctx}]}},
}}

test_compliant_pod_allowed if {
	r := system.main with input as request({"app": "api", "owner": "payments"}, "registry.corp.example/api:1")
	r == {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": {"uid": "705ab4f5-6393-11e8-b7cc-42010a800002", "allowed": true}}
}

test_every_constraint_reported if {
	r := system.response with input as request({"app": "api"}, "docker.io/api:1")
	r.allowed == false
	r.status.message == "[k8sallowedrepos] container <api> has an invalid image repo <docker.io/api:1>, allowed repos are [\"registry.corp.example/\", \"mirror.corp.example/\"]; [k8srequiredlabels] you must provide labels: [\"owner\"]"
}

test_constraints_from_mocked_data if {
	r := system.response with input as request({}, "docker.io/api:1") with data.constraints as {"k8sallowedrepos": {"repos": ["docker.io/"]}}
	r.allowed
}

test_dry_run_turns_denials_into_warnings if {
	r := system.response with input as request({"app": "api", "owner": "payments"}, "quay.io/api:1") with data.enforcement.dryrun as ["k8sallowedrepos"]
	r.allowed
	r.warnings == ["[k8sallowedrepos] container <api> has an invalid image repo <quay.io/api:1>, allowed repos are [\"registry.corp.example/\", \"mirror.corp.example/\"] (dry run)"]
}

test_delete_never_denied if {
	inp := {"request": {"uid": "u1", "operation": "DELETE", "kind": {"kind": "Pod"}, "object": {"kind": "Pod", "spec": {"containers": [{"name": "x", "image": "evil"}]}}}}
	system.response == {"uid": "u1", "allowed": true} with input as inp
}

test_missing_uid_defaults if {
	r := system.response with input as {"request": {"operation": "CREATE", "kind": {"kind": "ConfigMap"}, "object": {"kind": "ConfigMap", "metadata": {"labels": {"app": "a", "owner": "b"}}}}}
	r == {"uid": "", "allowed": true}
}
