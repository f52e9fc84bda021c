package k8spsphostfilesystem

pod(volumes, mounts, allowed) = {
	"review": {"object": {"metadata": {"name": "agent"}, "spec": {
		"volumes": volumes,
		"containers": [{"name": "c", "volumeMounts": mounts}],
	}}},
	"parameters": {"allowedHostPaths": allowed},
}

logs := {"name": "logs", "hostPath": {"path": "/var/log/app"}}

test_path_matching {
	path_matches("/var/log", "/var/log")
	path_matches("/var/log", "/var/log/app")
	path_matches("/", "/etc")
	not path_matches("/var/log", "/var/logs")
	not path_matches("/var/log/app", "/var/log")
}

test_allowed_writable_prefix {
	count(violation) == 0 with input as pod([logs], [{"name": "logs", "mountPath": "/logs"}], [{"pathPrefix": "/var/log", "readOnly": false}])
}

test_path_outside_prefix {
	etc := {"name": "etc", "hostPath": {"path": "/etc"}}
	v := violation with input as pod([etc], [], [{"pathPrefix": "/var/log"}])
	v == {{"msg": "HostPath volume {\"hostPath\": {\"path\": \"/etc\"}, \"name\": \"etc\"} is not allowed, pod: agent. Allowed path: [{\"pathPrefix\": \"/var/log\"}]", "details": {}}}
}

test_read_only_prefix_needs_read_only_mounts {
	allowed := [{"pathPrefix": "/var/log", "readOnly": true}]
	count(violation) == 1 with input as pod([logs], [{"name": "logs", "mountPath": "/logs"}], allowed)
	count(violation) == 0 with input as pod([logs], [{"name": "logs", "mountPath": "/logs", "readOnly": true}], allowed)
}

test_no_allowed_paths_forbids_host_path {
	count(violation) == 1 with input as pod([logs], [], [])
	count(violation) == 1 with input as {"review": {"object": {"metadata": {"name": "x"}, "spec": {"volumes": [logs]}}}}
}

test_other_volume_types_ignored {
	count(violation) == 0 with input as pod([{"name": "tmp", "emptyDir": {}}], [], [])
}
