# Images must carry a tag that is not on the disallowed list; an untagged image means ":latest".
# Digests (`@sha256:...`) are always accepted.
# parameters: {"tags": ["latest", ...], "exemptImages": [string]}
package k8sdisallowedtags

violation[{"msg": msg}] {
	container := input_containers[_]
	not is_exempt(container)
	not pinned_by_digest(container.image)
	tag := image_tag(container.image)
	tag == input.parameters.tags[_]
	msg := sprintf("container <%v> uses a disallowed tag <%v>; disallowed tags are %v", [container.name, tag, input.parameters.tags])
}

pinned_by_digest(image) {
	contains(image, "@")
}

# The tag is what follows the last ":" of the last path segment; none means "latest".
image_tag(image) = tag {
	segments := split(image, "/")
	last := segments[count(segments) - 1]
	parts := split(last, ":")
	count(parts) == 2
	tag := parts[1]
} else = "latest" {
	true
}

is_exempt(container) {
	exempt := input.parameters.exemptImages[_]
	container.image == exempt
}

input_containers[c] {
	c := input.review.object.spec.containers[_]
}

input_containers[c] {
	c := input.review.object.spec.initContainers[_]
}
