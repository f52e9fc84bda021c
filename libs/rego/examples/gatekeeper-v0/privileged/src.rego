# No privileged containers, and no privilege escalation unless the image is exempt.
# parameters: {"exemptImages": [string]} (a trailing "*" makes a prefix).
package k8spspprivileged

import future.keywords.in

violation[{"msg": msg, "details": {}}] {
	c := input_containers[_]
	not is_exempt(c)
	c.securityContext.privileged
	msg := sprintf("Privileged container is not allowed: %v, securityContext: %v", [c.name, c.securityContext])
}

violation[{"msg": msg, "details": {}}] {
	c := input_containers[_]
	not is_exempt(c)
	escalation_allowed(c)
	msg := sprintf("Privilege escalation container is not allowed: %v", [c.name])
}

# allowPrivilegeEscalation defaults to true when unset.
escalation_allowed(c) {
	not has_field(c, "securityContext")
}

escalation_allowed(c) {
	not has_field(c.securityContext, "allowPrivilegeEscalation")
}

escalation_allowed(c) {
	c.securityContext.allowPrivilegeEscalation == true
}

has_field(obj, field) {
	_ = obj[field]
}

is_exempt(c) {
	exempt := input.parameters.exemptImages[_]
	glob_prefix_match(exempt, c.image)
}

glob_prefix_match(pattern, image) {
	endswith(pattern, "*")
	startswith(image, trim_suffix(pattern, "*"))
}

glob_prefix_match(pattern, image) {
	not endswith(pattern, "*")
	pattern == image
}

input_containers[c] {
	some kind in ["containers", "initContainers", "ephemeralContainers"]
	c := input.review.object.spec[kind][_]
}
