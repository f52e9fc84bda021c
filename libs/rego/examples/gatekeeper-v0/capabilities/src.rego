# Linux capabilities: containers may only add allowed capabilities and must drop the required ones.
# parameters: {"allowedCapabilities": [string] ("*" allows all), "requiredDropCapabilities": [string]}
package capabilities

import future.keywords.in

violation[{"msg": msg}] {
	container := input_containers[_]
	has_disallowed_capabilities(container)
	msg := sprintf("container <%v> has a disallowed capability. Allowed capabilities are %v", [container.name, get_default(input.parameters, "allowedCapabilities", "NONE")])
}

violation[{"msg": msg}] {
	container := input_containers[_]
	missing := missing_drop_capabilities(container)
	count(missing) > 0
	msg := sprintf("container <%v> is not dropping all required capabilities. Container must drop all of %v", [container.name, input.parameters.requiredDropCapabilities])
}

has_disallowed_capabilities(container) {
	allowed := {c | c := lower(input.parameters.allowedCapabilities[_])}
	not "*" in allowed
	capabilities := {c | c := lower(container.securityContext.capabilities.add[_])}
	count(capabilities - allowed) > 0
}

# With no allowedCapabilities parameter nothing may be added.
has_disallowed_capabilities(container) {
	not input.parameters.allowedCapabilities
	count(container.securityContext.capabilities.add) > 0
}

missing_drop_capabilities(container) = missing {
	must_drop := {c | c := lower(input.parameters.requiredDropCapabilities[_])}
	dropped := {c | c := lower(container.securityContext.capabilities.drop[_])}
	not "all" in dropped
	missing := must_drop - dropped
}

# Dropping ALL satisfies any requirement.
missing_drop_capabilities(container) = set() {
	dropped := {c | c := lower(container.securityContext.capabilities.drop[_])}
	"all" in dropped
}

# No drop list at all: everything required is missing.
missing_drop_capabilities(container) = missing {
	not container.securityContext.capabilities.drop
	missing := {c | c := lower(input.parameters.requiredDropCapabilities[_])}
}

get_default(obj, param, _default) = out {
	out = obj[param]
}

get_default(obj, param, _default) = out {
	not obj[param]
	not obj[param] == false
	out = _default
}

input_containers[c] {
	c := input.review.object.spec.containers[_]
}

input_containers[c] {
	c := input.review.object.spec.initContainers[_]
}
