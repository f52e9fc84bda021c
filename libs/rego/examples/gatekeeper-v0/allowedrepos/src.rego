# Containers may only pull images from the listed repositories (prefix match).
# parameters: {"repos": [string], "exemptImages": [string]} where an exempt image ending in
# "*" is a prefix.
package k8sallowedrepos

violation[{"msg": msg}] {
	container := input_containers[_]
	not exempt(container.image)
	not from_allowed_repo(container.image)
	msg := sprintf("container <%v> has an invalid image repo <%v>, allowed repos are %v", [container.name, container.image, input.parameters.repos])
}

from_allowed_repo(image) {
	repo := input.parameters.repos[_]
	startswith(image, repo)
}

exempt(image) {
	image == input.parameters.exemptImages[_]
}

exempt(image) {
	exemption := input.parameters.exemptImages[_]
	endswith(exemption, "*")
	startswith(image, trim_suffix(exemption, "*"))
}

input_containers[c] {
	c := input.review.object.spec.containers[_]
}

input_containers[c] {
	c := input.review.object.spec.initContainers[_]
}

input_containers[c] {
	c := input.review.object.spec.ephemeralContainers[_]
}
