package lib.k8s_test

import rego.v1

import data.lib.k8s

test_pod_spec_per_kind if {
	k8s.pod_spec({"kind": "Pod", "spec": {"a": 1}}) == {"a": 1}
	k8s.pod_spec({"kind": "Deployment", "spec": {"template": {"spec": {"b": 2}}}}) == {"b": 2}
	k8s.pod_spec({"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {"c": 3}}}}}}) == {"c": 3}
	not k8s.pod_spec({"kind": "ConfigMap", "data": {}})
}

test_containers_from_every_list if {
	obj := {"kind": "Deployment", "spec": {"template": {"spec": {
		"containers": [{"name": "app"}, {"name": "sidecar"}],
		"initContainers": [{"name": "migrate"}],
	}}}}
	cs := k8s.containers with input.review.object as obj
	{[x.kind, x.container.name] | some x in cs} == {["containers", "app"], ["containers", "sidecar"], ["initContainers", "migrate"]}
}

test_namespace_labels_default_to_empty if {
	k8s.namespace_labels("nowhere") == {} with data.inventory as {}
	k8s.namespace_labels("prod") == {"env": "prod"} with data.inventory as {"cluster": {"v1": {"Namespace": {"prod": {"metadata": {"labels": {"env": "prod"}}}}}}}
}

test_exempt_namespace_lists if {
	inv := {"cluster": {"v1": {"Namespace": {"tools": {"metadata": {"labels": {"policy.vigil.dev/exempt": "allowedrepos,limits"}}}}}}}
	k8s.exempt_namespace("limits") with data.inventory as inv with input.review.object.metadata.namespace as "tools"
	not k8s.exempt_namespace("privileged") with data.inventory as inv with input.review.object.metadata.namespace as "tools"
}

test_get_with_path if {
	k8s.get({"a": {"b": 1}}, ["a", "b"], 0) == 1
	k8s.get({"a": {}}, ["a", "b"], 0) == 0
	k8s.get({"a": 1}, "a", 0) == 1
}
