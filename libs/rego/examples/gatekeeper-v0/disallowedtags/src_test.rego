package k8sdisallowedtags

params := {"tags": ["latest", "dev"], "exemptImages": ["registry.corp.example/tools/shell"]}

pod(containers) = {"review": {"object": {"spec": {"containers": containers}}}, "parameters": params}

test_image_tag_parsing {
	image_tag("nginx:1.25") == "1.25"
	image_tag("nginx") == "latest"
	image_tag("registry.corp.example:5000/team/app") == "latest"
	image_tag("registry.corp.example:5000/team/app:v2") == "v2"
}

test_pinned_tag_allowed {
	count(violation) == 0 with input as pod([{"name": "app", "image": "registry.corp.example/app:1.4.2"}])
}

test_latest_denied {
	violation == {{"msg": "container <app> uses a disallowed tag <latest>; disallowed tags are [\"latest\", \"dev\"]"}} with input as pod([{"name": "app", "image": "nginx:latest"}])
}

test_untagged_means_latest {
	count(violation) == 1 with input as pod([{"name": "app", "image": "nginx"}])
}

test_registry_port_is_not_a_tag {
	count(violation) == 1 with input as pod([{"name": "app", "image": "registry.corp.example:5000/app"}])
}

test_other_disallowed_tag {
	count(violation) == 1 with input as pod([{"name": "app", "image": "app:dev"}])
}

test_digest_allowed {
	count(violation) == 0 with input as pod([{"name": "app", "image": "nginx@sha256:0b970013351304af46f322da1263516b188318682b2ab1091862497591189ff1"}])
}

test_exempt_image {
	count(violation) == 0 with input as pod([{"name": "sh", "image": "registry.corp.example/tools/shell"}])
}

test_tags_from_constraint {
	inp := {"review": {"object": {"spec": {"containers": [{"name": "app", "image": "app:canary"}]}}}, "parameters": {"tags": ["canary"]}}
	count(violation) == 1 with input as inp
}
