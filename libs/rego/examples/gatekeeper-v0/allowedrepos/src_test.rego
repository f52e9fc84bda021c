package k8sallowedrepos

params := {"repos": ["registry.corp.example/", "gcr.io/corp-"]}

review(spec, parameters) = {
	"review": {"object": {"kind": "Pod", "metadata": {"name": "web"}, "spec": spec}},
	"parameters": parameters,
}

test_images_from_allowed_repos {
	inp := review({"containers": [
		{"name": "app", "image": "registry.corp.example/app:1.2"},
		{"name": "proxy", "image": "gcr.io/corp-proxy:3"},
	]}, params)
	count(violation) == 0 with input as inp
}

test_untrusted_image_message {
	inp := review({"containers": [{"name": "app", "image": "docker.io/library/nginx:1.25"}]}, params)
	violation == {{"msg": "container <app> has an invalid image repo <docker.io/library/nginx:1.25>, allowed repos are [\"registry.corp.example/\", \"gcr.io/corp-\"]"}} with input as inp
}

test_init_and_ephemeral_containers_checked {
	inp := review({
		"containers": [{"name": "app", "image": "registry.corp.example/app:1"}],
		"initContainers": [{"name": "init", "image": "quay.io/x/init:1"}],
		"ephemeralContainers": [{"name": "debug", "image": "busybox"}],
	}, params)
	msgs := {m | violation[{"msg": m}]} with input as inp
	count(msgs) == 2
	some i
	contains(msgs[i], "<init>")
}

test_prefix_must_be_at_the_start {
	inp := review({"containers": [{"name": "app", "image": "evil.example/registry.corp.example/app:1"}]}, params)
	count(violation) == 1 with input as inp
}

test_repo_without_trailing_slash_is_a_plain_prefix {
	# "gcr.io/corp-" also admits "gcr.io/corp-anything": the template matches prefixes, not paths.
	inp := review({"containers": [{"name": "app", "image": "gcr.io/corp-evil/app:1"}]}, params)
	count(violation) == 0 with input as inp
}

test_no_repos_rejects_everything {
	inp := review({"containers": [{"name": "a", "image": "registry.corp.example/a"}, {"name": "b", "image": "b"}]}, {"repos": []})
	count(violation) == 2 with input as inp
}

test_exact_exemption {
	p := {"repos": params.repos, "exemptImages": ["docker.io/library/busybox:1.36"]}
	inp := review({"containers": [{"name": "dbg", "image": "docker.io/library/busybox:1.36"}]}, p)
	count(violation) == 0 with input as inp
}

test_wildcard_exemption {
	p := {"repos": params.repos, "exemptImages": ["docker.io/library/*"]}
	ok := review({"containers": [{"name": "dbg", "image": "docker.io/library/busybox:1.36"}]}, p)
	bad := review({"containers": [{"name": "dbg", "image": "docker.io/evil/busybox:1.36"}]}, p)
	count(violation) == 0 with input as ok
	count(violation) == 1 with input as bad
}

test_identical_containers_reported_once {
	c := {"name": "app", "image": "nginx"}
	inp := review({"containers": [c], "initContainers": [c]}, params)
	count(violation) == 1 with input as inp
}
