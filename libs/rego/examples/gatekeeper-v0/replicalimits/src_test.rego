package k8sreplicalimits

deployment(replicas, ranges) = {
	"review": {"kind": {"kind": "Deployment"}, "object": {"metadata": {"name": "api"}, "spec": {"replicas": replicas}}},
	"parameters": {"ranges": ranges},
}

ranges := [{"min_replicas": 3, "max_replicas": 50}, {"min_replicas": 100, "max_replicas": 100}]

test_within_range {
	count(violation) == 0 with input as deployment(3, ranges)
	count(violation) == 0 with input as deployment(50, ranges)
	count(violation) == 0 with input as deployment(100, ranges)
}

test_outside_ranges {
	count(violation) == 1 with input as deployment(2, ranges)
	count(violation) == 1 with input as deployment(51, ranges)
	count(violation) == 1 with input as deployment(101, ranges)
}

test_message_names_the_object {
	v := violation with input as deployment(1, [{"min_replicas": 2, "max_replicas": 4}])
	v == {{"msg": "The provided number of replicas is not allowed for Deployment: api. Allowed ranges: {\"ranges\": [{\"max_replicas\": 4, \"min_replicas\": 2}]}"}}
}

test_missing_replicas_is_a_violation {
	inp := {"review": {"kind": {"kind": "Deployment"}, "object": {"metadata": {"name": "api"}, "spec": {}}}, "parameters": {"ranges": ranges}}
	count(violation) == 1 with input as inp
}

test_no_ranges_rejects {
	count(violation) == 1 with input as deployment(3, [])
}

test_float_replicas_compared_numerically {
	count(violation) == 0 with input as deployment(3.0, ranges)
	count(violation) == 1 with input as deployment(2.5, ranges)
}
