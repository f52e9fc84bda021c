package k8scontainerlimits

params := {"cpu": "2", "memory": "1Gi", "exemptImages": ["registry.corp.example/batch/"]}

pod(limits) = {"review": {"object": {"spec": {"containers": [{"name": "app", "image": "app", "resources": {"limits": limits}}]}}}, "parameters": params}

test_canonify_cpu {
	canonify("cpu", "500m") == 0.5
	canonify("cpu", "2") == 2
	canonify("cpu", 1.5) == 1.5
	canonify("cpu", "1.5") == 1.5
	not canonify("cpu", "2 cores")
}

test_canonify_memory {
	canonify("memory", "128Mi") == 134217728
	canonify("memory", "1G") == 1000000000
	canonify("memory", "1Gi") == 1073741824
	canonify("memory", 1024) == 1024
	not canonify("memory", "lots")
}

test_within_limits {
	count(violation) == 0 with input as pod({"cpu": "500m", "memory": "512Mi"})
	count(violation) == 0 with input as pod({"cpu": "2", "memory": "1Gi"})
}

test_missing_limits {
	v := violation with input as pod({})
	v == {{"msg": "container <app> has no cpu limit"}, {"msg": "container <app> has no memory limit"}}
}

test_cpu_above_maximum {
	v := violation with input as pod({"cpu": "2500m", "memory": "1Gi"})
	v == {{"msg": "container <app> cpu limit <2500m> is higher than the maximum allowed of <2>"}}
}

test_memory_above_maximum_in_other_unit {
	v := violation with input as pod({"cpu": 1, "memory": "2G"})
	v == {{"msg": "container <app> memory limit <2G> is higher than the maximum allowed of <1Gi>"}}
}

test_decimal_gigabyte_below_binary_gibibyte {
	count(violation) == 0 with input as pod({"cpu": 1, "memory": "1G"})
}

test_unparseable_limit {
	v := violation with input as pod({"cpu": "fast", "memory": "1Gi"})
	v == {{"msg": "container <app> cpu limit <fast> could not be parsed"}}
}

test_exempt_image {
	inp := {"review": {"object": {"spec": {"containers": [{"name": "job", "image": "registry.corp.example/batch/etl:3", "resources": {}}]}}}, "parameters": params}
	count(violation) == 0 with input as inp
}
