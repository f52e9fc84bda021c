# Kubernetes admission control in Rego v0 syntax (no `if`/`contains`), the way
# much existing admission and Gatekeeper policy is still written.
package kubernetes.admission

trusted_registries := ["registry.corp.example/", "gcr.io/corp-"]

pods[pod] {
	input.request.kind.kind == "Pod"
	pod := input.request.object
}

containers[c] {
	pod := pods[_]
	c := pod.spec.containers[_]
}

containers[c] {
	pod := pods[_]
	c := pod.spec.initContainers[_]
}

deny[msg] {
	c := containers[_]
	not trusted(c.image)
	msg := sprintf("container %v uses image %v from an untrusted registry", [c.name, c.image])
}

deny[msg] {
	c := containers[_]
	c.securityContext.privileged
	msg := sprintf("container %v must not run privileged", [c.name])
}

deny[msg] {
	c := containers[_]
	endswith(c.image, ":latest")
	msg := sprintf("container %v pins no version (uses :latest)", [c.name])
}

trusted(image) {
	startswith(image, trusted_registries[_])
}

allowed {
	count(deny) == 0
}
