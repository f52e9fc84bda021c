# Containers must set CPU and memory limits, no larger than the constraint's maximum.
# parameters: {"cpu": "2" | "500m", "memory": "1Gi", "exemptImages": [string]}
package k8scontainerlimits

violation[{"msg": msg}] {
	container := input.review.object.spec.containers[_]
	not is_exempt(container)
	resource := ["cpu", "memory"][_]
	not container.resources.limits[resource]
	msg := sprintf("container <%v> has no %v limit", [container.name, resource])
}

violation[{"msg": msg}] {
	container := input.review.object.spec.containers[_]
	not is_exempt(container)
	resource := ["cpu", "memory"][_]
	limit := container.resources.limits[resource]
	not canonify(resource, limit)
	msg := sprintf("container <%v> %v limit <%v> could not be parsed", [container.name, resource, limit])
}

violation[{"msg": msg}] {
	container := input.review.object.spec.containers[_]
	not is_exempt(container)
	resource := ["cpu", "memory"][_]
	limit := container.resources.limits[resource]
	maximum := input.parameters[resource]
	canonify(resource, limit) > canonify(resource, maximum)
	msg := sprintf("container <%v> %v limit <%v> is higher than the maximum allowed of <%v>", [container.name, resource, limit, maximum])
}

# CPU in cores: "500m" is 0.5, "2" and 2 are 2.
canonify("cpu", q) = n {
	is_number(q)
	n := q
}

canonify("cpu", q) = n {
	is_string(q)
	regex.match(`^[0-9]+(\.[0-9]+)?m?$`, q)
	n := units.parse(q)
}

# Memory in bytes: "128Mi", "1G", "1e3", plain numbers.
canonify("memory", q) = n {
	is_number(q)
	n := q
}

canonify("memory", q) = n {
	is_string(q)
	n := units.parse_bytes(q)
}

is_exempt(container) {
	startswith(container.image, input.parameters.exemptImages[_])
}
