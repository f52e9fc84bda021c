package k8sallowedrepos_test

import rego.v1

import data.k8sallowedrepos

repos := {"repos": ["registry.corp.example/", "mirror.corp.example/"]}

deployment(containers, init) := {
	"review": {"object": {"kind": "Deployment", "metadata": {"name": "api"}, "spec": {"template": {"spec": {"containers": containers, "initContainers": init}}}}},
	"parameters": repos,
}

test_deployment_with_allowed_images if {
	count(k8sallowedrepos.violation) == 0 with input as deployment([{"name": "api", "image": "registry.corp.example/api:3"}], [])
}

test_init_container_from_docker_hub if {
	v := k8sallowedrepos.violation with input as deployment(
		[{"name": "api", "image": "registry.corp.example/api:3"}],
		[{"name": "wait", "image": "busybox:1.36"}],
	)
	v == {{"msg": "initContainer <wait> has an invalid image repo <busybox:1.36>, allowed repos are [\"registry.corp.example/\", \"mirror.corp.example/\"]"}}
}

test_cron_job_checked if {
	inp := {"review": {"object": {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "report", "image": "ghcr.io/x/report"}]}}}}}}}, "parameters": repos}
	count(k8sallowedrepos.violation) == 1 with input as inp
}

test_unknown_kind_has_no_containers if {
	inp := {"review": {"object": {"kind": "ConfigMap", "spec": {"containers": [{"name": "x", "image": "evil"}]}}}, "parameters": repos}
	count(k8sallowedrepos.violation) == 0 with input as inp
}

test_image_report if {
	r := k8sallowedrepos.image_report with input as deployment(
		[{"name": "api", "image": "mirror.corp.example/api:3"}],
		[{"name": "wait", "image": "busybox:1.36"}],
	)
	r == {"mirror.corp.example/api:3": true, "busybox:1.36": false}
}

test_image_report_entry_by_ref if {
	k8sallowedrepos.image_report["busybox:1.36"] == false with input as deployment([], [{"name": "wait", "image": "busybox:1.36"}])
}
