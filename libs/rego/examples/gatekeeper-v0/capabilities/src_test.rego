package capabilities

params := {"allowedCapabilities": ["NET_BIND_SERVICE", "chown"], "requiredDropCapabilities": ["NET_RAW", "SYS_ADMIN"]}

pod(ctx, parameters) = {"review": {"object": {"spec": {"containers": [{"name": "app", "image": "app", "securityContext": ctx}]}}}, "parameters": parameters}

caps(add, drop) = {"capabilities": {"add": add, "drop": drop}}

test_allowed_adds_and_required_drops {
	count(violation) == 0 with input as pod(caps(["NET_BIND_SERVICE"], ["NET_RAW", "SYS_ADMIN"]), params)
}

test_comparison_ignores_case {
	count(violation) == 0 with input as pod(caps(["CHOWN"], ["net_raw", "sys_admin"]), params)
}

test_disallowed_add {
	v := violation with input as pod(caps(["SYS_TIME"], ["ALL"]), params)
	v == {{"msg": "container <app> has a disallowed capability. Allowed capabilities are [\"NET_BIND_SERVICE\", \"chown\"]"}}
}

test_wildcard_allows_every_add {
	p := {"allowedCapabilities": ["*"], "requiredDropCapabilities": []}
	count(violation) == 0 with input as pod(caps(["SYS_TIME", "NET_ADMIN"], []), p)
}

test_drop_all_satisfies_requirements {
	count(violation) == 0 with input as pod(caps([], ["ALL"]), params)
}

test_missing_drop {
	v := violation with input as pod(caps([], ["NET_RAW"]), params)
	v == {{"msg": "container <app> is not dropping all required capabilities. Container must drop all of [\"NET_RAW\", \"SYS_ADMIN\"]"}}
}

test_no_drop_list_is_missing_everything {
	count(violation) == 1 with input as pod({"capabilities": {"add": []}}, params)
}

test_no_allowed_parameter_forbids_adds {
	v := violation with input as pod(caps(["CHOWN"], ["ALL"]), {"requiredDropCapabilities": ["NET_RAW"]})
	v == {{"msg": "container <app> has a disallowed capability. Allowed capabilities are NONE"}}
}

test_both_problems_reported {
	count(violation) == 2 with input as pod(caps(["SYS_ADMIN"], []), params)
}

test_get_default {
	get_default({"a": 1}, "a", 2) == 1
	get_default({}, "a", 2) == 2
	get_default({"a": false}, "a", 2) == false
}
